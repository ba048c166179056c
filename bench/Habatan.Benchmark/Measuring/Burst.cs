using System.Collections.Concurrent;

namespace Habatan.Benchmark.Measuring;

// Runs `count` operations with `concurrency` in flight, timing each one and the whole burst.
// An operation returns its outcome (an HTTP status, or 0 for a raw call that succeeded); one
// that throws counts as outcome -1 and the burst goes on, so failures are counted, not hidden.
internal static class Burst
{
    public const int Failed = -1;

    public static async Task<BurstResult> RunAsync(
        int count,
        int concurrency,
        Func<int, CancellationToken, Task<int>> operation,
        ProgressTask progress,
        CancellationToken cancellationToken
    )
    {
        progress.MaxValue = count;
        progress.Value = 0;
        var latencies = new double[count];
        var outcomes = new ConcurrentDictionary<int, int>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable
            .Range(0, Math.Min(concurrency, count))
            .Select(_ =>
                Task.Run(
                    async () =>
                    {
                        int index;
                        while ((index = Interlocked.Increment(ref next)) < count)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var started = Stopwatch.GetTimestamp();
                            int outcome;
                            try
                            {
                                outcome = await operation(index, cancellationToken);
                            }
                            catch (Exception ex)
                                when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested
                                )
                            {
                                outcome = Failed;
                            }
                            latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                            outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                            progress.Increment(1);
                        }
                    },
                    cancellationToken
                )
            )
            .ToList();
        await Task.WhenAll(workers);
        clock.Stop();
        return new BurstResult(count, clock.Elapsed, new Latencies(latencies), outcomes.ToDictionary());
    }
}

internal sealed record BurstResult(
    int Count,
    TimeSpan Elapsed,
    Latencies Latencies,
    IReadOnlyDictionary<int, int> Outcomes
)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public int CountOf(int outcome) => Outcomes.GetValueOrDefault(outcome);

    public int CountWhere(Func<int, bool> outcome) => Outcomes.Where(o => outcome(o.Key)).Sum(o => o.Value);
}
