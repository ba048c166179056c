using Habatan.Benchmark.Baselines;
using Habatan.Benchmark.Data;

namespace Habatan.Benchmark.Scenarios;

// 1. The 9:00 rush: a burst of signed-in submissions (small generated ID images) through the
// gateway, the same straight to Applications, and a raw single-row INSERT loop.
internal sealed class IntakeScenario : IScenario
{
    public const string Gateway = "gateway";
    public const string Direct = "direct to Applications";
    public const string Raw = "raw INSERT loop";
    public const string Ratio = "gateway ÷ raw INSERT loop";

    public const int BurstCap = 10_000;

    public string Name => "intake";

    public string Title => "Intake: signed-in submissions";

    public IReadOnlyList<Target> Targets { get; } =
    [
        Target.AtLeastOf("intake", ">= 0.5 of the raw INSERT rate", Ratio, "submissions/s ratio", 0.5),
        Target.AtMostOf("intake", "198,674 applications in under 10 minutes", Gateway, "minutes for 198,674", 10),
        Target.AtMostOf("intake", "0 errors (5xx)", Gateway, "5xx responses", 0),
        Target.AtMostOf("intake", "rows stored = 201 responses", Gateway, "|rows stored − 201s|", 0),
    ];

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        // Each submission needs a member of its own; at full scale the burst is capped and the
        // tranche's time projected from its rate, since 198,674 sign-ins alone take longer than the burst.
        var count = Math.Min(context.Options.Sized(Campaigns.TrancheApplications), BurstCap);
        var (_, signInsPerSecond) = await context.ApplicantTokensAsync(count, cancellationToken);
        var task = context.Task($"intake: raw INSERT loop, {count:N0} rows, {context.Options.Concurrency} connections");
        var (raw, rows) = await RawInsertLoop.RunAsync(context.Bench, count, context.Options.Concurrency, task, cancellationToken);
        task.StopTask();

        List<Measurement> figures =
        [
            new("sign-in through the gateway (set-up)", "sign-ins/s", "/s", signInsPerSecond),
            new(Raw, "submissions/s", "/s", raw.PerSecond),
            new(Raw, "p50", "ms", raw.Latencies.Percentile(50)),
            new(Raw, "p95", "ms", raw.Latencies.Percentile(95)),
            new(Raw, "p99", "ms", raw.Latencies.Percentile(99)),
            new(Raw, "errors", "count", raw.CountOf(Burst.Failed)),
            new(Raw, "rows stored", "rows", rows),
            new(Raw, "minutes for 198,674", "min", Campaigns.TrancheApplications / raw.PerSecond / 60),
        ];
        foreach (var subject in new[] { Gateway, Direct })
        {
            figures.Add(Measurement.Missing(subject, "submissions/s", "/s", NotLanded.Submissions));
            figures.Add(Measurement.Missing(subject, "p95", "ms", NotLanded.Submissions));
        }
        figures.Add(Measurement.Missing(Gateway, "5xx responses", "count", NotLanded.Submissions));
        figures.Add(Measurement.Missing(Gateway, "|rows stored − 201s|", "rows", NotLanded.Submissions));
        figures.Add(Measurement.Missing(Gateway, "minutes for 198,674", "min", NotLanded.Submissions));
        figures.Add(Measurement.Missing(Ratio, "submissions/s ratio", "×", NotLanded.Submissions));
        return figures;
    }
}
