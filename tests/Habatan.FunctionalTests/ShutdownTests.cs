namespace Habatan.FunctionalTests;

// Its own AppHost instance: this test stops it, which the shared one must not see.
public sealed class ShutdownTests
{
    [Fact]
    public async Task StoppingTheAppHostLeavesNoServerProcessBehind()
    {
        var fixture = new AppHostFixture();
        List<string> running;
        try
        {
            await fixture.InitializeAsync();
            // The services wait for the database and the broker only (without the mail sink or
            // Redis they run Degraded), so the gateway may answer before smtp4dev's script has
            // exec'd it (the snapshot once had no smtp4dev).
            using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
            foreach (var server in new[] { "mailsink", "redis-server" })
                await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(server, timeout.Token);
            running = ServerProcesses.Of(fixture);
        }
        finally
        {
            await fixture.DisposeAsync();
        }

        // postgres (with its workers), the broker's VM, epmd and smtp4dev were there...
        Assert.Contains(running, p => p.Contains("postgres", StringComparison.Ordinal));
        Assert.Contains(running, p => p.Contains("beam", StringComparison.Ordinal));
        Assert.Contains(running, p => p.Contains("epmd", StringComparison.Ordinal));
        Assert.Contains(running, p => p.Contains("Smtp4dev", StringComparison.Ordinal));
        Assert.Contains(running, p => p.Contains("redis-server", StringComparison.Ordinal));

        // ...and none of them is left once the AppHost has stopped.
        var left = await Eventually.GetAsync(
            () => Task.FromResult(ServerProcesses.Of(fixture)),
            p => p.Count == 0,
            TimeSpan.FromSeconds(60)
        );
        Assert.True(left.Count == 0, "left running: " + string.Join("; ", left));
    }
}
