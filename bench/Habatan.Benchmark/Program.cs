using Habatan.Benchmark;
using Habatan.Benchmark.Reporting;
using Habatan.Benchmark.Scenarios;

// The 9:00 rush, the 1.15M-member audience and the 220k fan-out, each beside a baseline measured
// in the same run (these machines are noisy), as medians over several runs. See README "Benchmark".
if (!BenchOptions.TryParse(args, out var options, out var problem))
{
    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{problem}[/]");
    AnsiConsole.WriteLine(BenchOptions.Usage);
    return 2;
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
AnsiConsole.MarkupLineInterpolated(
    CultureInfo.InvariantCulture,
    $"[bold]Habatan benchmark[/]: scale {options.Scale}, {options.Runs} runs, {scenarioNames}"
);
AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Machine: {machine}");

await using var system = await BenchSystem.StartAsync(options, cancel.Token);
var results = await new BenchRunner(system, options).RunAsync(scenarios, cancel.Token);

var report = BenchReport.Create(options, machine, system.ServerVersions, results);
ResultsTable.Write(report);
var path = await ResultsJson.WriteAsync(report);
AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Results written to [blue]{path}[/]");
return 0;
