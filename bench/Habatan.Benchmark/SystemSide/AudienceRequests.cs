using System.Collections.Concurrent;
using Habatan.Contracts.Audiences;
using MassTransit;

namespace Habatan.Benchmark.SystemSide;

// Asks Members for an audience the way the Notifications saga does (a ResolveAudience message
// on the broker) and listens, on a queue of its own, for the AudienceResolved and every
// AudienceChunk of that request. Two times, both from the publish: to AudienceResolved (the
// snapshot frozen with its count and digest: resolution, the like-for-like of the raw SQL) and
// to the last chunk (every recipient delivered to the listener: the fan-out's preparation).
// The received recipients are checked against the announced count and digest.
internal sealed class AudienceRequests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);
    private readonly IBusControl _bus;
    private readonly ConcurrentDictionary<Guid, PendingAudience> _pending = new();

    private AudienceRequests(Uri broker)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(
                broker.Host,
                (ushort)broker.Port,
                "/",
                host =>
                {
                    var credentials = Uri.UnescapeDataString(broker.UserInfo).Split(':', 2);
                    host.Username(credentials[0]);
                    host.Password(credentials[1]);
                }
            );
            rabbit.ReceiveEndpoint(
                "habatan-benchmark-audiences",
                endpoint =>
                {
                    endpoint.AutoDelete = true;
                    endpoint.Durable = false;
                    endpoint.Handler<AudienceResolved>(context =>
                        Pending(context.Message.ReminderId).ResolvedAsync(context.Message)
                    );
                    endpoint.Handler<AudienceChunk>(context =>
                        Pending(context.Message.ReminderId).ChunkAsync(context.Message)
                    );
                    endpoint.Handler<AudienceResolutionFailed>(context =>
                        Pending(context.Message.ReminderId).FailedAsync(context.Message)
                    );
                }
            );
        });
    }

    public static async Task<AudienceRequests> StartAsync(Uri broker, CancellationToken cancellationToken)
    {
        var requests = new AudienceRequests(broker);
        await requests._bus.StartAsync(cancellationToken);
        return requests;
    }

    public async Task<AudienceResult> ResolveAsync(string campaignCode, CancellationToken cancellationToken)
    {
        var reminderId = Guid.NewGuid();
        var pending = _pending.GetOrAdd(reminderId, _ => new PendingAudience());
        var clock = Stopwatch.StartNew();
        pending.Started = clock;
        await _bus.Publish(
            new ResolveAudience(
                Guid.NewGuid(),
                reminderId,
                AudienceNames.WonNotFullyCharged,
                campaignCode,
                DateTimeOffset.UtcNow
            ),
            cancellationToken
        );
        var resolved = await pending.Completed.WaitAsync(Patience, cancellationToken);
        clock.Stop();
        _pending.TryRemove(reminderId, out _);
        var ids = pending.MemberIds();
        var digest = AudienceDigest.Compute(ids);
        return new AudienceResult(
            resolved.SnapshotId,
            pending.ResolvedAfter,
            clock.Elapsed,
            resolved.Count,
            ids.Count,
            resolved.Bound,
            resolved.Digest == digest
        );
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();

    private PendingAudience Pending(Guid reminderId) => _pending.GetOrAdd(reminderId, _ => new PendingAudience());

    // Chunks may come before or after the resolved message; complete when both sides add up.
    private sealed class PendingAudience
    {
        private readonly ConcurrentDictionary<int, IReadOnlyList<AudienceRecipient>> _chunks = new();
        private readonly TaskCompletionSource<AudienceResolved> _completed = new(
            TaskCreationOptions.RunContinuationsAsynchronously
        );
        private volatile AudienceResolved? _resolved;

        public Task<AudienceResolved> Completed => _completed.Task;

        public Stopwatch? Started { get; set; }

        public TimeSpan ResolvedAfter { get; private set; }

        public Task ResolvedAsync(AudienceResolved resolved)
        {
            ResolvedAfter = Started?.Elapsed ?? TimeSpan.Zero;
            _resolved = resolved;
            TryComplete();
            return Task.CompletedTask;
        }

        public Task ChunkAsync(AudienceChunk chunk)
        {
            _chunks[chunk.Index] = chunk.Recipients;
            TryComplete();
            return Task.CompletedTask;
        }

        public Task FailedAsync(AudienceResolutionFailed failed)
        {
            _completed.TrySetException(
                new InvalidOperationException($"Members could not resolve the audience: {failed.Reason}")
            );
            return Task.CompletedTask;
        }

        public List<string> MemberIds() => _chunks.Values.SelectMany(c => c).Select(r => r.MemberId).ToList();

        private void TryComplete()
        {
            if (_resolved is { } resolved && _chunks.Count == resolved.ChunkCount)
                _completed.TrySetResult(resolved);
        }
    }
}

internal sealed record AudienceResult(
    Guid SnapshotId,
    TimeSpan Resolved,
    TimeSpan Elapsed,
    int Announced,
    int Received,
    int Bound,
    bool DigestMatches
);
