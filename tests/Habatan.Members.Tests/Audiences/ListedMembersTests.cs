using Habatan.Contracts.Audiences;

namespace Habatan.Members.Tests.Audiences;

// Incident day (issue #18 point 5): the people a breach-scope report names are notified through
// the normal path, so Members resolves "listed-members" to exactly that list: no one else, even
// in a campaign where everyone is entitled; the withdrawn and unreachable among them are counted
// in the bound but not frozen, so reconciliation shows them; an id that is no member fails.
[Collection(ServersCollection.Name)]
public sealed class ListedMembersTests(ServersFixture servers)
{
    private MembersService Service => servers.Service;

    [Fact]
    public async Task AListedAudienceIsExactlyTheListedMembersStillReachable()
    {
        var domain = GeneratedMembers.NewDomain();
        var campaign = GeneratedMembers.NewCampaign();
        // Everyone in the campaign is entitled and reachable but for the three kinds listed below.
        var members = Enumerable
            .Range(0, 40)
            .Select(i => new GeneratedMember(
                $"l{i}@{domain}",
                InboxOptIn: i != 1,
                EmailOptIn: i != 1,
                WithdrawnOn: i == 0 ? new DateOnly(2026, 1, 15) : null,
                Entitlement: i == 2 ? null : new GeneratedEntitlement(campaign, 1, 5000, 0)
            ))
            .ToList();
        var ids = await Service.ImportMembersAsync(members);
        // Listed: the withdrawn (0), the unreachable (1), the one with no entitlement (2), and 3-7.
        var listed = Enumerable.Range(0, 8).Select(i => ids[$"l{i}@{domain}"]).ToList();
        var reachable = listed.Skip(2).ToList();

        var (resolved, chunks) = await AudienceRequests.ResolveAsync(
            Service,
            AudienceNames.ListedMembers,
            campaign,
            listed
        );

        var recipients = chunks.SelectMany(c => c.Recipients).Select(r => r.MemberId).ToList();
        Assert.Equal(reachable.Order(StringComparer.Ordinal), recipients.Order(StringComparer.Ordinal));
        Assert.Equal((6, 8), (resolved.Count, resolved.Bound));
        Assert.Equal(AudienceDigest.Compute(reachable), resolved.Digest);
        // The send-time check names the listed who are still reachable, and only those asked about.
        var eligible = await AudienceRequests.EligibleAsync(Service, AudienceNames.ListedMembers, campaign, listed);
        Assert.Equal(
            reachable.Order(StringComparer.Ordinal),
            eligible.Select(e => e.MemberId).Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public async Task AListNamingSomeoneWhoIsNoMemberFailsVisibly()
    {
        await using var failed = await PublishedMessages.ListenAsync<AudienceResolutionFailed>(Service.Bus);
        var request = new ResolveAudience(
            Guid.NewGuid(),
            Guid.NewGuid(),
            AudienceNames.ListedMembers,
            GeneratedMembers.NewCampaign(),
            DateTimeOffset.UtcNow,
            [Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N")]
        );

        await Service.Bus.Publish(request);

        var failure = await failed.FirstAsync(f => f.RequestId == request.RequestId);
        Assert.NotNull(failure);
        Assert.Contains("2 件の会員 ID は会員として登録されていません", failure.Reason, StringComparison.Ordinal);
        Assert.Empty(
            await Service.RowsAsync("SELECT 1 FROM audience_snapshot WHERE request_id = $1", request.RequestId)
        );
    }
}
