using System.Collections.Concurrent;
using Habatan.Contracts.Audiences;
using Habatan.Contracts.Audit;
using Habatan.Contracts.Reminders;
using MassTransit;

namespace Habatan.Notifications.Tests.Support;

// How a snapshot reaches Notifications in a test: the chunk order, and what goes wrong on the way.
public sealed record SnapshotShape(
    bool ChunksFirst = false,
    bool Shuffle = false,
    int? DropChunk = null,
    bool TamperFirstChunk = false,
    bool RepeatChunks = false
)
{
    public static readonly SnapshotShape Plain = new();
}

// Plays the Members service on the real broker: a bus of its own receives the ResolveAudience
// requests the reminder saga publishes, and the test answers with real AudienceResolved and
// AudienceChunk messages built from generated members, in whatever order or shape it wants.
public sealed class MembersDouble : IAsyncDisposable
{
    public const int ChunkSize = 250;
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<ResolveAudience>> _requests = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<ApproverNoticeRequested>> _approverNotices = new();

    // Members who left the audience's condition since their snapshot (charged in full, withdrew),
    // and members who opted out of mail; everyone else asked about is still eligible.
    private readonly ConcurrentDictionary<string, bool> _left = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _mailOptedOut = new(StringComparer.Ordinal);

    // Eligibility checks asked and answered, per reminder, and whether to answer them at all.
    private readonly ConcurrentDictionary<Guid, int> _eligibilityAsked = new();
    private readonly ConcurrentDictionary<Guid, int> _eligibilityAnswered = new();

    public int EligibilityAsked(Guid reminderId) => _eligibilityAsked.GetValueOrDefault(reminderId);

    public int EligibilityAnswered(Guid reminderId) => _eligibilityAnswered.GetValueOrDefault(reminderId);

    public bool AnswerEligibility { get; set; } = true;
    private IBusControl _bus = null!;

    public static async Task<MembersDouble> StartAsync(Uri broker)
    {
        var members = new MembersDouble();
        var credentials = broker.UserInfo.Split(':');
        members._bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(
                broker.Host,
                (ushort)broker.Port,
                "/",
                host =>
                {
                    host.Username(credentials[0]);
                    host.Password(credentials[1]);
                }
            );
            rabbit.ReceiveEndpoint(
                "members-double-resolve-audience",
                endpoint =>
                    endpoint.Handler<ResolveAudience>(context =>
                    {
                        members._requests.GetOrAdd(context.Message.ReminderId, _ => new()).Enqueue(context.Message);
                        return Task.CompletedTask;
                    })
            );
            rabbit.ReceiveEndpoint(
                "members-double-approver-notice",
                endpoint =>
                    endpoint.Handler<ApproverNoticeRequested>(context =>
                    {
                        members
                            ._approverNotices.GetOrAdd(context.Message.ReminderId, _ => new())
                            .Enqueue(context.Message);
                        return Task.CompletedTask;
                    })
            );
            rabbit.ReceiveEndpoint(
                "members-double-check-eligibility",
                endpoint => endpoint.Handler<CheckAudienceEligibility>(members.AnswerEligibilityAsync)
            );
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await members._bus.StartAsync(timeout.Token);
        return members;
    }

    // The index-th request the saga sent for this reminder (0 = the first).
    public async Task<ResolveAudience> RequestAsync(Guid reminderId, int index = 0)
    {
        var requests = await Eventually.GetAsync(
            () => Task.FromResult(_requests.GetValueOrDefault(reminderId)?.ToArray() ?? []),
            r => r.Length > index,
            TimeSpan.FromSeconds(60)
        );
        Assert.True(
            requests.Length > index,
            $"the reminder saga sent {requests.Length} ResolveAudience requests, expected more than {index}"
        );
        return requests[index];
    }

    // The approver notices the saga asked for about this reminder, once `count` have arrived.
    public async Task<ApproverNoticeRequested[]> ApproverNoticesAsync(Guid reminderId, int count = 1)
    {
        var notices = await Eventually.GetAsync(
            () => Task.FromResult(_approverNotices.GetValueOrDefault(reminderId)?.ToArray() ?? []),
            n => n.Length >= count,
            TimeSpan.FromSeconds(60)
        );
        Assert.True(notices.Length >= count, $"{notices.Length} approver notices for reminder {reminderId}");
        return notices;
    }

    // What Members does with one: names the approvers (here, the test's) in an AdminNoticeRequested.
    public Task NoticeApproversAsync(ApproverNoticeRequested request, IReadOnlyList<string> approvers) =>
        _bus.Publish(new AdminNoticeRequested(request.NoticeId, approvers, request.Subject, request.Body));

    public int RequestCount(Guid reminderId) => _requests.GetValueOrDefault(reminderId)?.Count ?? 0;

    // Freezes the recipients as Members would (sorted, digest over the ids) and sends them.
    public async Task<Guid> AnswerAsync(
        ResolveAudience request,
        IReadOnlyList<AudienceRecipient> recipients,
        int bound,
        SnapshotShape? shape = null
    )
    {
        shape ??= SnapshotShape.Plain;
        var snapshotId = NewId.NextGuid();
        var sorted = recipients.OrderBy(r => r.MemberId, StringComparer.Ordinal).ToList();
        var digest = AudienceDigest.Compute(sorted.Select(r => r.MemberId));
        var chunks = sorted
            .Chunk(ChunkSize)
            .Select((slice, index) => new AudienceChunk(request.ReminderId, snapshotId, index, slice))
            .ToList();
        var resolved = new AudienceResolved(
            request.RequestId,
            request.ReminderId,
            snapshotId,
            request.Audience,
            request.CampaignCode,
            sorted.Count,
            bound,
            digest,
            chunks.Count,
            DateTimeOffset.UtcNow
        );

        if (shape.TamperFirstChunk && chunks.Count > 0)
        {
            // Someone swapped one recipient for another after the digest was taken.
            var first = chunks[0].Recipients.ToList();
            first[0] = first[0] with { MemberId = TestTokens.NewSubject() };
            chunks[0] = chunks[0] with { Recipients = first };
        }
        if (shape.DropChunk is int dropped)
            chunks.RemoveAt(dropped);
        if (shape.Shuffle)
            chunks = [.. chunks.OrderBy(_ => Random.Shared.Next())];
        if (shape.RepeatChunks)
            chunks = [.. chunks, .. chunks];

        if (!shape.ChunksFirst)
            await _bus.Publish(resolved);
        foreach (var chunk in chunks)
            await _bus.Publish(chunk);
        if (shape.ChunksFirst)
            await _bus.Publish(resolved);
        return snapshotId;
    }

    public void LeaveAudience(IEnumerable<string> memberIds)
    {
        foreach (var id in memberIds)
            _left[id] = true;
    }

    public void OptOutOfMail(IEnumerable<string> memberIds)
    {
        foreach (var id in memberIds)
            _mailOptedOut[id] = true;
    }

    private Task AnswerEligibilityAsync(ConsumeContext<CheckAudienceEligibility> context)
    {
        var reminderId = context.Message.ReminderId;
        _eligibilityAsked.AddOrUpdate(reminderId, 1, (_, n) => n + 1);
        if (!AnswerEligibility)
            return Task.CompletedTask;
        _eligibilityAnswered.AddOrUpdate(reminderId, 1, (_, n) => n + 1);
        return context.RespondAsync(
            new AudienceEligibility([
                .. context
                    .Message.MemberIds.Where(id => !_left.ContainsKey(id))
                    .Select(id => new EligibleMember(id, !_mailOptedOut.ContainsKey(id), true)),
            ])
        );
    }

    public Task FailAsync(ResolveAudience request, string reason) =>
        _bus.Publish(new AudienceResolutionFailed(request.RequestId, request.ReminderId, reason));

    public ValueTask DisposeAsync() => new(_bus.StopAsync());
}
