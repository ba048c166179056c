using Habatan.Benchmark;
using Habatan.Benchmark.Reporting;
using Habatan.Benchmark.Scenarios;

// The 9:00 rush, the 1.15M-member audience and the 220k fan-out, each beside a baseline measured
// in the same run (these machines are noisy), as medians over several runs; with --growth, the
// same lines at several scales and how their cost per unit grows. See docs/benchmark.md.
if (!BenchOptions.TryParse(args, out var options, out var problem))
{
    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{problem}[/]");
    AnsiConsole.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.GrowthFrom.Count > 0)
{
    await WriteGrowthAsync([.. await Task.WhenAll(options.GrowthFrom.Select(ScaleFigures.ReadAsync))]);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var scenarios = ScenarioCatalog.Select(options.Only);
var machine = await MachineInfo.ReadAsync();
var scenarioNames = string.Join(", ", scenarios.Select(s => s.Name));
var reports = new List<BenchReport>();
foreach (var scale in options.Scales)
{
    var atScale = options with { Scale = scale };
    var header = $"scale {scale}, {options.Runs} runs, {scenarioNames}, {options.Replicas} replica(s)";
    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[bold]Habatan benchmark[/]: {header}");
    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Machine: {machine}");

    // A fresh system per scale: Members refuses the same roster twice, and each scale's data is its own.
    BenchReport report;
    await using (var system = await BenchSystem.StartAsync(atScale, cancel.Token))
    {
        var results = await new BenchRunner(system, atScale).RunAsync(scenarios, cancel.Token);
        report = BenchReport.Create(atScale, machine, system.ServerVersions, results);
    }
    ResultsTable.Write(report);
    var path = await ResultsJson.WriteAsync(report);
    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Results written to [blue]{path}[/]");
    reports.Add(report);
}

if (reports.Count > 1)
    await WriteGrowthAsync([.. reports.Select(ScaleFigures.Of)]);
return 0;

static async Task WriteGrowthAsync(IReadOnlyList<ScaleFigures> scales)
{
    var growth = GrowthSeries.From(scales);
    GrowthTable.Write(growth);
    var chart = await GrowthChart.WriteAsync(growth, DateTimeOffset.UtcNow);
    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Growth chart written to [blue]{chart}[/]");
}
