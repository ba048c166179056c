using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Habatan.Infrastructure.Health;

// A receive endpoint that stays faulted while others of the same bus consume is stuck, not cut
// off: the broker answers the others. MassTransit retries it for ever and cannot be told to start
// one endpoint again, so the process then reports itself not alive (/alive) and its orchestrator
// restarts it (Kubernetes' liveness probe). While every endpoint is faulted the broker itself is
// down: that is readiness' Degraded, and restarting every replica would not bring it back. Seen
// once under load after a broker crash: an endpoint still "Broker unreachable" nine minutes after
// the broker was back, its messages unconsumed.
public sealed class StuckEndpoints(IOptions<StuckEndpointsOptions> options, TimeProvider time)
    : IReceiveEndpointObserver,
        IHealthCheck
{
    public const string CheckName = "messaging-endpoints";

    private readonly ConcurrentDictionary<Uri, DateTimeOffset> _faultedSince = new();
    private readonly ConcurrentDictionary<Uri, bool> _consuming = new();

    public Task Ready(ReceiveEndpointReady ready)
    {
        _faultedSince.TryRemove(ready.InputAddress, out _);
        _consuming[ready.InputAddress] = true;
        return Task.CompletedTask;
    }

    // The first fault counts: MassTransit's later attempts fault again without a Ready between.
    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        _consuming.TryRemove(faulted.InputAddress, out _);
        _faultedSince.TryAdd(faulted.InputAddress, time.GetUtcNow());
        return Task.CompletedTask;
    }

    // An endpoint being stopped (the host shutting down) is neither stuck nor consuming.
    public Task Stopping(ReceiveEndpointStopping stopping) => Forget(stopping.InputAddress);

    public Task Completed(ReceiveEndpointCompleted completed) => Forget(completed.InputAddress);

    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        var after = options.Value.StuckAfter;
        var now = time.GetUtcNow();
        var stuck = _faultedSince
            .Where(e => now - e.Value >= after)
            .Select(e => e.Key.Segments[^1])
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(
            stuck.Count == 0 || _consuming.IsEmpty
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy(
                    $"Stuck receive endpoints: {string.Join(", ", stuck)} faulted for over {after} "
                        + $"while {_consuming.Count} others consume"
                )
        );
    }

    private Task Forget(Uri address)
    {
        _faultedSince.TryRemove(address, out _);
        _consuming.TryRemove(address, out _);
        return Task.CompletedTask;
    }
}
