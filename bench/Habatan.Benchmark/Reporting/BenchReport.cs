using Habatan.Benchmark.Scenarios;

namespace Habatan.Benchmark.Reporting;

// What the table and the JSON show: per figure the median over the runs (and every run's value),
// per target the verdict over those medians.
internal sealed record BenchReport(
    DateTimeOffset At,
    double Scale,
    int Runs,
    int Concurrency,
    int Replicas,
    MachineInfo Machine,
    IReadOnlyDictionary<string, string> Servers,
    IReadOnlyList<ScenarioReport> Scenarios
)
{
    public static BenchReport Create(
        BenchOptions options,
        MachineInfo machine,
        IReadOnlyDictionary<string, string> servers,
        IReadOnlyList<ScenarioResult> results
    ) =>
        new(
            DateTimeOffset.UtcNow,
            options.Scale,
            options.Runs,
            options.Concurrency,
            options.Replicas,
            machine,
            servers,
            results.Select(ScenarioReport.From).ToList()
        );
}

internal sealed record ScenarioReport(
    string Name,
    string Title,
    IReadOnlyList<FigureReport> Figures,
    IReadOnlyList<TargetReport> Targets
)
{
    public static ScenarioReport From(ScenarioResult result)
    {
        var figures = result.Runs.SelectMany(run => run).GroupBy(m => m.Key).Select(FigureReport.From).ToList();
        var targets = result.Scenario.Targets.Select(t => TargetReport.From(t, figures)).ToList();
        return new ScenarioReport(result.Scenario.Name, result.Scenario.Title, figures, targets);
    }
}

internal sealed record FigureReport(
    string Subject,
    string Measure,
    string Unit,
    double? Median,
    IReadOnlyList<double> Runs,
    string? NotMeasured
)
{
    public static FigureReport From(IGrouping<string, Measurement> runs)
    {
        var first = runs.First();
        var values = runs.Where(m => m.Value is not null).Select(m => m.Value!.Value).ToList();
        return values.Count == 0
            ? new FigureReport(first.Subject, first.Measure, first.Unit, null, [], first.NotMeasured ?? "no value")
            : new FigureReport(first.Subject, first.Measure, first.Unit, Measuring.Median.Of(values), values, null);
    }
}

internal sealed record TargetReport(
    string Description,
    string Subject,
    string Measure,
    double Threshold,
    bool AtLeast,
    double? Median,
    string Verdict
)
{
    public static TargetReport From(Target target, IReadOnlyList<FigureReport> figures)
    {
        var figure = figures.FirstOrDefault(f => f.Subject == target.Subject && f.Measure == target.Measure);
        // A system side that is not there yet gives no figures at all: its reason stands for them.
        var reason =
            figure?.NotMeasured
            ?? figures.FirstOrDefault(f => f.NotMeasured is not null)?.NotMeasured
            ?? "no such figure";
        var verdict =
            figure?.Median is not { } median ? $"not measured: {reason}"
            : target.IsMetBy(median) ? "met"
            : "missed";
        return new TargetReport(
            target.Description,
            target.Subject,
            target.Measure,
            target.Threshold,
            target.AtLeast,
            figure?.Median,
            verdict
        );
    }
}
