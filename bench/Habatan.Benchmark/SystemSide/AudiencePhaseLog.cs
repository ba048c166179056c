using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Habatan.Benchmark.SystemSide;

// The phases Members logs for each audience snapshot ("Audience snapshot {id} phases: {n}
// recipients frozen in {f} ms, counted and digested in {d} ms"), read from its console output
// as the AppHost collects it for the dashboard: what the engineer on call reads, no back door.
// The benchmark's console stays quiet (BenchSystem clears the forwarding to it); the AppHost
// still keeps every resource's lines, replica by replica.
internal sealed partial class AudiencePhaseLog : IDisposable
{
    private const string Resource = "members";
    private readonly ConcurrentDictionary<Guid, SnapshotPhases> _phases = new();
    private readonly CancellationTokenSource _stop = new();

    private AudiencePhaseLog() { }

    public static AudiencePhaseLog Start(DistributedApplication app)
    {
        var log = new AudiencePhaseLog();
        _ = log.WatchAsync(app);
        return log;
    }

    // The phases of one snapshot once Members logged them, or null after `patience`.
    public async Task<SnapshotPhases?> WaitForAsync(
        Guid snapshotId,
        TimeSpan patience,
        CancellationToken cancellationToken
    )
    {
        var clock = Stopwatch.StartNew();
        while (!_phases.ContainsKey(snapshotId) && clock.Elapsed < patience)
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        return _phases.GetValueOrDefault(snapshotId);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task WatchAsync(DistributedApplication app)
    {
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        var watched = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(_stop.Token))
                if (update.Resource.Name == Resource && watched.Add(update.ResourceId))
                    _ = ReadAsync(loggers, update.ResourceId);
        }
        catch (OperationCanceledException) { }
    }

    private async Task ReadAsync(ResourceLoggerService loggers, string resourceId)
    {
        try
        {
            await foreach (var lines in loggers.WatchAsync(resourceId).WithCancellation(_stop.Token))
            foreach (var line in lines)
                if (PhasesLine().Match(line.Content) is { Success: true } match)
                    _phases[Guid.Parse(match.Groups["id"].Value)] = new SnapshotPhases(
                        int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture),
                        Milliseconds(match.Groups["frozen"].Value),
                        Milliseconds(match.Groups["digest"].Value)
                    );
        }
        catch (OperationCanceledException) { }
    }

    private static TimeSpan Milliseconds(string value) =>
        TimeSpan.FromMilliseconds(long.Parse(value, CultureInfo.InvariantCulture));

    [GeneratedRegex(
        @"Audience snapshot (?<id>[0-9a-fA-F-]{36}) phases: (?<count>\d+) recipients frozen in (?<frozen>\d+) ms,"
            + @" counted and digested in (?<digest>\d+) ms"
    )]
    private static partial Regex PhasesLine();
}

internal sealed record SnapshotPhases(int Count, TimeSpan Frozen, TimeSpan CountedAndDigested);
