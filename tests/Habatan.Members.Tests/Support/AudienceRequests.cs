using Habatan.Contracts.Audiences;
using MassTransit;

namespace Habatan.Members.Tests.Support;

// Asks Members for an audience as the Notifications saga does, and collects what it publishes.
public static class AudienceRequests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static async Task<(AudienceResolved Resolved, List<AudienceChunk> Chunks)> ResolveAsync(
        MembersService service,
        string audience,
        string campaign,
        IReadOnlyList<string>? memberIds = null
    )
    {
        await using var resolved = await PublishedMessages.ListenAsync<AudienceResolved>(service.Bus);
        await using var chunks = await PublishedMessages.ListenAsync<AudienceChunk>(service.Bus);
        var request = new ResolveAudience(
            Guid.NewGuid(),
            Guid.NewGuid(),
            audience,
            campaign,
            DateTimeOffset.UtcNow,
            memberIds
        );
        await service.Bus.Publish(request);

        var summary = (
            await Eventually.GetAsync(
                () => Task.FromResult(resolved.Received.Where(r => r.RequestId == request.RequestId).ToList()),
                r => r.Count > 0,
                Wait
            )
        ).Single();
        var received = await Eventually.GetAsync(
            () => Task.FromResult(chunks.Received.Where(c => c.SnapshotId == summary.SnapshotId).ToList()),
            c => c.Count >= summary.ChunkCount,
            Wait
        );
        return (summary, received);
    }

    // The fan-out's question before a batch: which of these are still in the audience?
    public static async Task<IReadOnlyList<EligibleMember>> EligibleAsync(
        MembersService service,
        string audience,
        string campaign,
        IReadOnlyList<string> memberIds
    )
    {
        var client = service.Bus.CreateRequestClient<CheckAudienceEligibility>(RequestTimeout.After(s: 30));
        var response = await client.GetResponse<AudienceEligibility>(
            new CheckAudienceEligibility(Guid.NewGuid(), audience, campaign, memberIds)
        );
        return response.Message.Eligible;
    }
}
