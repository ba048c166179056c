using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Habatan.FunctionalTests.Fleet;

// The processes behind one resource of the AppHost (each replica is an instance of its own), as
// the dashboard shows them: state and process id.
internal sealed record ResourceInstance(string Name, string Id, string? State, int? ProcessId);

internal static class ResourceInstances
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    // How long a killed broker node may take to run again: on a quiet machine the supervisor's
    // backoff and 7 s of boot, 15 s of boot beside 28 busy processes; in one full CI run it was
    // not back within 2 minutes, for a reason that run did not print (the failure now prints the
    // node's own lines). The drills are about coming back without a person, not about speed.
    public static readonly TimeSpan BrokerRestart = TimeSpan.FromMinutes(4);

    public static async Task<IReadOnlyList<ResourceInstance>> OfAsync(AppHostFixture fixture, string resource) =>
        [.. (await AllAsync(fixture.App)).Where(i => i.Name == resource)];

    // Every instance of every resource, as the dashboard shows them now.
    public static async Task<IReadOnlyList<ResourceInstance>> AllAsync(DistributedApplication app)
    {
        // The watch replays every instance's current state first, then waits for changes.
        var latest = new Dictionary<string, ResourceInstance>();
        using var replayed = new CancellationTokenSource(Settle);
        try
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(replayed.Token))
                latest[update.ResourceId] = new(
                    update.Resource.Name,
                    update.ResourceId,
                    update.Snapshot.State?.Text,
                    ProcessId(update.Snapshot)
                );
        }
        catch (OperationCanceledException) when (replayed.IsCancellationRequested) { }
        return [.. latest.Values.OrderBy(i => i.Id, StringComparer.Ordinal)];
    }

    public static async Task<ResourceInstance> RunningAsync(AppHostFixture fixture, string resource)
    {
        var running = (await OfAsync(fixture, resource)).FirstOrDefault(i =>
            i.State == KnownResourceStates.Running && i.ProcessId is not null
        );
        Assert.True(running is not null, $"No running instance of {resource}.");
        return running;
    }

    // kill -9: no shutdown hook runs, as when the kernel's OOM killer or a crash ends a process.
    // A project runs under `dotnet run`, which the AppHost sees: the service is its child, and
    // killing the launcher alone would leave the service running as an orphan.
    public static void Kill(ResourceInstance instance)
    {
        var launcher = instance.ProcessId!.Value;
        var children = ChildrenOf(launcher);
        foreach (var process in children.Count > 0 ? children : [launcher])
            Process.GetProcessById(process).Kill();
    }

    // kill -9 of a server itself: the scripts in eng/ exec it, so the resource's process is the
    // server (for RabbitMQ the Erlang VM), and its helpers die with it.
    public static void KillServer(ResourceInstance instance) =>
        Process.GetProcessById(instance.ProcessId!.Value).Kill();

    private static List<int> ChildrenOf(int parent) =>
        [
            .. Directory
                .EnumerateDirectories("/proc")
                .Select(Path.GetFileName)
                .Where(name => int.TryParse(name, out _))
                .Where(name => ParentOf(name!) == parent)
                .Select(name => int.Parse(name!, CultureInfo.InvariantCulture)),
        ];

    // /proc/<pid>/stat: "pid (command) state ppid ..."; the command may hold spaces, not ')'.
    private static int? ParentOf(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Waits until the instance runs again in a new process and is healthy. Otherwise fails with
    // the states the instance went through and what the servers and the supervisor said since
    // the kill (a broker once stayed down for the whole patience with nothing else to go on).
    public static async Task<ResourceInstance> RestartedAsync(
        AppHostFixture fixture,
        ResourceInstance killed,
        TimeSpan patience
    )
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-5);
        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await foreach (var update in fixture.App.ResourceNotifications.WatchAsync(timeout.Token))
            {
                if (update.ResourceId != killed.Id)
                    continue;
                var snapshot = update.Snapshot;
                var pid = ProcessId(snapshot);
                var state = $"{snapshot.State?.Text}/{snapshot.HealthStatus}/pid {pid}/exit {snapshot.ExitCode}";
                if (seen.Count == 0 || seen[^1] != state)
                    seen.Add(state);
                if (
                    snapshot.State?.Text == KnownResourceStates.Running
                    && snapshot.HealthStatus == HealthStatus.Healthy
                    && pid is not null
                    && pid != killed.ProcessId
                )
                    return new(update.Resource.Name, update.ResourceId, snapshot.State?.Text, pid);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested) { }
        // CI keeps only the end of a long failure, so the servers' failures come first and what
        // decides (the instance's own lines, the supervisor's and the states) last.
        var failures = await fixture.Logs.FailuresSinceAsync(since, linesEach: 6, warnings: true);
        var tail = await fixture.Logs.TailAsync(since, lines: 40, killed.Name, "supervisor");
        throw new TimeoutException(
            $"{killed.Id} (pid {killed.ProcessId}) did not run again within {patience}.{Environment.NewLine}"
                + $"{failures}{Environment.NewLine}--- {killed.Name} and the supervisor since the kill:"
                + $"{Environment.NewLine}{tail}{Environment.NewLine}--- states: {string.Join(" -> ", seen)}"
        );
    }

    private static int? ProcessId(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name.EndsWith(".pid", StringComparison.Ordinal))?.Value is { } value
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : null;
}
