using Habatan.Benchmark.Data;
using Habatan.Benchmark.SystemSide;

namespace Habatan.Benchmark.Scenarios;

// 2. Gateway overhead on My Page reads: the same signed-in reads through the gateway and
// straight to Applications with the same bearer token (after the intake, each reader has
// applications to show).
internal sealed class MyPageScenario : IScenario
{
    public const string Gateway = "gateway";
    public const string Direct = "direct to Applications";
    public const string Ratio = "gateway ÷ direct";

    public string Name => "mypage";

    public string Title => "My Page reads: gateway overhead";

    public IReadOnlyList<Target> Targets { get; } =
    [Target.AtLeastOf("mypage", ">= 0.75 of direct", Ratio, "reads/s ratio", 0.75)];

    // Members reading My Page in the burst: enough for a steady rate, reusing intake's sign-ins.
    private const int Readers = 10_000;

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(
        BenchContext context,
        CancellationToken cancellationToken
    )
    {
        var count = Math.Min(context.Options.Sized(Campaigns.TrancheApplications), Readers);
        using var ops = await context.OpsClientAsync();
        if (
            await SystemProbe.MissingAsync(ops, ApplicationsIntake.Probe, NotLanded.MyPage, cancellationToken) is
            { } missing
        )
        {
            return
            [
                Measurement.Missing(Gateway, "reads/s", "/s", missing),
                Measurement.Missing(Direct, "reads/s", "/s", missing),
                Measurement.Missing(Ratio, "reads/s ratio", "×", missing),
            ];
        }

        var (tokens, _, _) = await context.ApplicantTokensAsync(count, cancellationToken);
        var rates = new Dictionary<string, double>();
        List<Measurement> figures = [];
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
                var task = context.Task($"mypage: {count:N0} reads {subject}, {context.Options.Concurrency} in flight");
                var burst = await Burst.RunAsync(
                    count,
                    context.Options.Concurrency,
                    (i, ct) => ApplicationsIntake.ReadMyPageAsync(client, tokens[i], ct),
                    task,
                    cancellationToken
                );
                task.StopTask();
                rates[subject] = burst.PerSecond;
                figures.AddRange([
                    new(subject, "reads/s", "/s", burst.PerSecond),
                    new(subject, "p95", "ms", burst.Latencies.Percentile(95)),
                    new(subject, "non-200 answers", "count", burst.CountWhere(status => status != 200)),
                ]);
            }
        }
        figures.Add(new(Ratio, "reads/s ratio", "×", rates[Gateway] / rates[Direct]));
        return figures;
    }
}
