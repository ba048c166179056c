using Habatan.Benchmark.Baselines;
using Habatan.Benchmark.Data;
using Habatan.Benchmark.SystemSide;

namespace Habatan.Benchmark.Scenarios;

// 1. The 9:00 rush: the whole tranche of signed-in submissions (small generated ID images)
// through the gateway, each by its own member, beside a raw single-row INSERT loop of the same
// size; and the first DirectCap of them straight to Applications, for the gateway's share.
internal sealed class IntakeScenario : IScenario
{
    // The direct line only says what the gateway adds; a tenth of the tranche says it as well.
    public const int DirectCap = 20_000;
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

    private const string SignIn = "sign-in through the gateway (set-up)";

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(
        BenchContext context,
        CancellationToken cancellationToken
    )
    {
        // Each submission needs a member of its own, signed in first (the bench relay reads the codes).
        var count = context.Options.Sized(Campaigns.TrancheApplications);
        var (tokens, signInsPerSecond, askedAgain) = await context.ApplicantTokensAsync(count, cancellationToken);
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
            new(SignIn, "sign-ins/s", "/s", signInsPerSecond),
            new(SignIn, "codes asked for again (none came in 30 s)", "count", askedAgain),
            new(SignIn, "relay: mails it failed to take", "count", context.System.Relay.Faults),
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
                var size = subject == Gateway ? count : Math.Min(count, DirectCap);
                task = context.Task(
                    $"intake: {size:N0} submissions {subject}, {context.Options.Concurrency} in flight"
                );
                var burst = await Burst.RunAsync(
                    size,
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
                    new(subject, "submissions", "count", burst.Count),
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
                    // A 503 is a refusal the service chose (a session it could not check, a
                    // service without replicas); any other 5xx is a fault.
                    new(subject, "of which 503", "count", burst.CountOf(503)),
                    new(
                        subject,
                        "other non-201 answers",
                        "count",
                        burst.CountWhere(status => status is > 0 and < 500 and not 201)
                    ),
                    new(subject, "|rows stored − 201s|", "rows", Math.Abs(stored - burst.CountOf(201))),
                    // Measured whole at scale 1.0 (the two figures then agree), projected below it.
                    new(subject, "minutes, whole burst", "min", burst.Elapsed.TotalMinutes),
                    new(subject, "minutes for 198,674", "min", Campaigns.TrancheApplications / burst.PerSecond / 60),
                ]);
                if (subject == Gateway)
                    figures.Add(new(Ratio, "submissions/s ratio", "×", burst.PerSecond / raw.PerSecond));
            }
        }
        return figures;
    }
}
