using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Habatan.Benchmark.SystemSide;

// The phases Members logs for each audience snapshot ("Audience snapshot {id} phases: {n}
// recipients frozen in {f} ms, counted and digested in {d} ms") and each import ("Import {id}
// phases: parse and stage {s} ms, checks {c} ms, merge and record {m} ms"), read from its console
// output as the AppHost collects it for the dashboard: what the engineer on call reads, no back
// door. The benchmark's console stays quiet (BenchSystem clears the forwarding to it); the
// AppHost still keeps every resource's lines, replica by replica.
internal sealed partial class MembersPhaseLog : IDisposable
{
    private const string Resource = "members";
    private readonly ConcurrentDictionary<Guid, SnapshotPhases> _snapshots = new();
    private readonly ConcurrentDictionary<Guid, ImportPhases> _imports = new();
    private readonly CancellationTokenSource _stop = new();

    private MembersPhaseLog() { }

    public static MembersPhaseLog Start(DistributedApplication app)
    {
        var log = new MembersPhaseLog();
        _ = log.WatchAsync(app);
        return log;
    }

    // The phases of one snapshot once Members logged them, or null after `patience`.
    public Task<SnapshotPhases?> SnapshotAsync(
        Guid snapshotId,
        TimeSpan patience,
        CancellationToken cancellationToken
    ) => WaitForAsync(_snapshots, snapshotId, patience, cancellationToken);

    // The phases of one import once Members logged them, or null after `patience`.
    public Task<ImportPhases?> ImportAsync(Guid importId, TimeSpan patience, CancellationToken cancellationToken) =>
        WaitForAsync(_imports, importId, patience, cancellationToken);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private static async Task<T?> WaitForAsync<T>(
        ConcurrentDictionary<Guid, T> logged,
        Guid id,
        TimeSpan patience,
        CancellationToken cancellationToken
    )
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (!logged.ContainsKey(id) && clock.Elapsed < patience)
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        return logged.GetValueOrDefault(id);
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
                Read(line.Content);
        }
        catch (OperationCanceledException) { }
    }

    private void Read(string line)
    {
        if (SnapshotLine().Match(line) is { Success: true } snapshot)
            _snapshots[Guid.Parse(snapshot.Groups["id"].Value)] = new SnapshotPhases(
                int.Parse(snapshot.Groups["count"].Value, CultureInfo.InvariantCulture),
                Milliseconds(snapshot.Groups["frozen"].Value),
                Milliseconds(snapshot.Groups["digest"].Value)
            );
        else if (ImportLine().Match(line) is { Success: true } import)
            _imports[Guid.Parse(import.Groups["id"].Value)] = new ImportPhases(
                Milliseconds(import.Groups["stage"].Value),
                Milliseconds(import.Groups["check"].Value),
                Milliseconds(import.Groups["merge"].Value)
            );
    }

    private static TimeSpan Milliseconds(string value) =>
        TimeSpan.FromMilliseconds(long.Parse(value, CultureInfo.InvariantCulture));

    [GeneratedRegex(
        @"Audience snapshot (?<id>[0-9a-fA-F-]{36}) phases: (?<count>\d+) recipients frozen in (?<frozen>\d+) ms,"
            + @" counted and digested in (?<digest>\d+) ms"
    )]
    private static partial Regex SnapshotLine();

    [GeneratedRegex(
        @"Import (?<id>[0-9a-fA-F-]{36}) phases: parse and stage (?<stage>\d+) ms, checks (?<check>\d+) ms,"
            + @" merge and record (?<merge>\d+) ms"
    )]
    private static partial Regex ImportLine();
}

internal sealed record SnapshotPhases(int Count, TimeSpan Frozen, TimeSpan CountedAndDigested);

internal sealed record ImportPhases(TimeSpan ParseAndStage, TimeSpan Checks, TimeSpan MergeAndRecord)
{
    public TimeSpan Total => ParseAndStage + Checks + MergeAndRecord;

    // Two files' phases together (the roster's and the entitlements').
    public static ImportPhases operator +(ImportPhases a, ImportPhases b) =>
        new(a.ParseAndStage + b.ParseAndStage, a.Checks + b.Checks, a.MergeAndRecord + b.MergeAndRecord);
}
