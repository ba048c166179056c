using Habatan.Infrastructure.Health;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Habatan.Infrastructure.Tests.Health;

// The liveness rule for receive endpoints (StuckEndpoints), on a clock the test moves: one stuck
// while others consume is a restart; all faulted together is a broker outage, never a restart.
public sealed class StuckEndpointsTests
{
    private static readonly Uri Probe = new("rabbitmq://localhost/svc-pipeline-probe");
    private static readonly Uri Revoked = new("rabbitmq://localhost/svc-session-revoked");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
    private readonly StuckEndpoints _endpoints;

    public StuckEndpointsTests() =>
        _endpoints = new(Options.Create(new StuckEndpointsOptions { StuckAfter = TimeSpan.FromMinutes(5) }), _time);

    [Fact]
    public async Task AnEndpointFaultedPastTheBoundWhileAnotherConsumesIsNotAlive()
    {
        await _endpoints.Ready(new Event(Probe));
        await _endpoints.Ready(new Event(Revoked));
        await _endpoints.Faulted(new Event(Probe));
        _time.Advance(TimeSpan.FromMinutes(4));
        await _endpoints.Faulted(new Event(Probe)); // a later attempt: the first fault counts
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("svc-pipeline-probe", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("svc-session-revoked", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryEndpointFaultedIsABrokerOutageNotARestart()
    {
        await _endpoints.Ready(new Event(Probe));
        await _endpoints.Ready(new Event(Revoked));
        await _endpoints.Faulted(new Event(Probe));
        await _endpoints.Faulted(new Event(Revoked));
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task AnEndpointConsumingAgainStartsItsCountAfresh()
    {
        await _endpoints.Ready(new Event(Revoked));
        await _endpoints.Faulted(new Event(Probe));
        _time.Advance(TimeSpan.FromMinutes(4));
        await _endpoints.Ready(new Event(Probe));
        await _endpoints.Faulted(new Event(Probe));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task AnEndpointStoppingWithItsHostIsNotStuck()
    {
        await _endpoints.Ready(new Event(Revoked));
        await _endpoints.Faulted(new Event(Probe));
        await _endpoints.Stopping(new Event(Probe));
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    private Task<HealthCheckResult> CheckAsync() => _endpoints.CheckHealthAsync(new HealthCheckContext());

    private sealed record Event(Uri InputAddress)
        : ReceiveEndpointReady,
            ReceiveEndpointFaulted,
            ReceiveEndpointStopping
    {
        public IReceiveEndpoint ReceiveEndpoint => null!;

        public bool IsStarted => true;

        public Exception? Exception => null;

        public bool Removed => false;
    }
}
