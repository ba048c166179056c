using Habatan.Benchmark.Baselines;
using Habatan.Benchmark.Data;
using Habatan.Benchmark.SystemSide;

namespace Habatan.Benchmark.Scenarios;

// 1. The 9:00 rush: a burst of signed-in submissions (small generated ID images) through the
// gateway, the same straight to Applications, and a raw single-row INSERT loop.
internal sealed class IntakeScenario : IScenario
{
    public const int BurstCap = 10_000;
    public const string Gateway = "gateway";
    public const string Direct = "direct to Applications";
    public const string Raw = "raw INSERT loop";
    public const string Ratio = "gateway ÷ raw INSERT loop";

    public string Name => "intake";

    public string Title => "Intake: signed-in submissions";

    public IReadOnlyList<Target> Targets { get; } =
    [
        Target.AtLeastOf("intake", ">= 0.5 of the raw INSERT rate", Ratio, "submissions/s ratio", 0.5),
        Target.AtMostOf("intake", "198,674 applications in under 10 minutes", Gateway, "minutes for 198,674", 10),
        Target.AtMostOf("intake", "0 errors (5xx)", Gateway, "5xx or no answer", 0),
        Target.AtMostOf("intake", "rows stored = 201 responses", Gateway, "|rows stored − 201s|", 0),
    ];

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(
        BenchContext context,
        CancellationToken cancellationToken
    )
    {
        // Each submission needs a member of its own; at full scale the burst is capped and the
        // tranche's time projected from its rate, since 198,674 sign-ins alone take longer than the burst.
        var count = Math.Min(context.Options.Sized(Campaigns.TrancheApplications), BurstCap);
        var (tokens, signInsPerSecond) = await context.ApplicantTokensAsync(count, cancellationToken);
        var task = context.Task($"intake: raw INSERT loop, {count:N0} rows, {context.Options.Concurrency} connections");
        var (raw, rows) = await RawInsertLoop.RunAsync(
            context.Bench,
            count,
            context.Options.Concurrency,
            task,
            cancellationToken
        );
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

        using var ops = await context.OpsClientAsync();
        if (
            await SystemProbe.MissingAsync(ops, ApplicationsIntake.Probe, NotLanded.Submissions, cancellationToken) is
            { } missing
        )
        {
            foreach (var subject in new[] { Gateway, Direct })
                figures.Add(Measurement.Missing(subject, "submissions/s", "/s", missing));
            figures.Add(Measurement.Missing(Ratio, "submissions/s ratio", "×", missing));
            return figures;
        }

        byte[] front = DocumentImages.Png(1),
            back = DocumentImages.Png(2);
        foreach (
            var (subject, client) in new[]
            {
                (Gateway, context.System.Gateway()),
                (Direct, context.System.Service("applications")),
            }
        )
        {
            using (client)
            {
                var tranche = await ApplicationsIntake.OpenTrancheAsync(
                    ops,
                    $"r{context.Run}-{(subject == Gateway ? "gw" : "direct")}",
                    cancellationToken
                );
                task = context.Task(
                    $"intake: {count:N0} submissions {subject}, {context.Options.Concurrency} in flight"
                );
                var burst = await Burst.RunAsync(
                    count,
                    context.Options.Concurrency,
                    (i, ct) => ApplicationsIntake.SubmitAsync(client, tokens[i], tranche, i, front, back, ct),
                    task,
                    cancellationToken
                );
                task.StopTask();
                var stored = await ApplicationsIntake.RowsStoredAsync(
                    context.System.Superuser,
                    tranche,
                    cancellationToken
                );
                figures.AddRange([
                    new(subject, "submissions/s", "/s", burst.PerSecond),
                    new(subject, "p50", "ms", burst.Latencies.Percentile(50)),
                    new(subject, "p95", "ms", burst.Latencies.Percentile(95)),
                    new(subject, "p99", "ms", burst.Latencies.Percentile(99)),
                    new(
                        subject,
                        "5xx or no answer",
                        "count",
                        burst.CountWhere(status => status >= 500 || status == Burst.Failed)
                    ),
                    new(
                        subject,
                        "other non-201 answers",
                        "count",
                        burst.CountWhere(status => status is > 0 and < 500 and not 201)
                    ),
                    new(subject, "|rows stored − 201s|", "rows", Math.Abs(stored - burst.CountOf(201))),
                    new(subject, "minutes for 198,674", "min", Campaigns.TrancheApplications / burst.PerSecond / 60),
                ]);
                if (subject == Gateway)
                    figures.Add(new(Ratio, "submissions/s ratio", "×", burst.PerSecond / raw.PerSecond));
            }
        }
        return figures;
    }
}
