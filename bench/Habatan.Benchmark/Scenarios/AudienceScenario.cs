using Habatan.Benchmark.Baselines;
using Habatan.Benchmark.Data;

namespace Habatan.Benchmark.Scenarios;

// 4. Audience resolution over 1.15M members vs the raw SQL run with psql: time, the count
// checked against the generator's exact figure, and whether the plan uses an index.
internal sealed class AudienceScenario : IScenario
{
    public const string System = "Members audience resolution";
    public const string Raw = "raw SQL (psql)";
    public const string Ratio = "resolution ÷ raw SQL";

    public string Name => "audience";

    public string Title => "Audience resolution";

    public IReadOnlyList<Target> Targets { get; } =
    [
        Target.AtMostOf("audience", "<= 2x the raw SQL", Ratio, "time ratio", 2),
        Target.AtLeastOf("audience", "the raw SQL's plan uses an index", Raw, "plan uses an index", 1),
        Target.AtMostOf("audience", "raw SQL count = generated count", Raw, "|count − expected|", 0),
    ];

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var data = await context.MemberDataAsync(cancellationToken);
        await context.EnsureAudienceTablesAsync(cancellationToken);
        var task = context.Task($"audience: raw SQL over {data.Members:N0} members");
        var reminder = await RawAudienceSql.RunAsync(context.Bench, Campaigns.Kosodate, cancellationToken);
        var fanOut = await RawAudienceSql.RunAsync(context.Bench, Campaigns.Ippan, cancellationToken);
        task.Value = task.MaxValue;
        task.StopTask();
        return
        [
            new(Raw, "time", "ms", reminder.Elapsed.TotalMilliseconds),
            new(Raw, "recipients", "rows", reminder.Count),
            new(Raw, "|count − expected|", "rows", Math.Abs(reminder.Count - data.KosodateAudience)),
            new(Raw, "plan uses an index", "1 = yes", reminder.Indexes.Count > 0 ? 1 : 0),
            new($"{Raw}, fan-out audience", "time", "ms", fanOut.Elapsed.TotalMilliseconds),
            new($"{Raw}, fan-out audience", "recipients", "rows", fanOut.Count),
            new($"{Raw}, fan-out audience", "|count − expected|", "rows", Math.Abs(fanOut.Count - data.IppanAudience)),
            new($"{Raw}, fan-out audience", "plan uses an index", "1 = yes", fanOut.Indexes.Count > 0 ? 1 : 0),
            Measurement.Missing(System, "time", "ms", NotLanded.Audience),
            Measurement.Missing(Ratio, "time ratio", "×", NotLanded.Audience),
        ];
    }
}
