namespace Habatan.Benchmark.Scenarios;

// Runs every chosen scenario once per run, in the order, under one live progress display;
// a scenario's system figure and its baseline are always measured in the same run.
internal sealed class BenchRunner(BenchSystem system, BenchOptions options)
{
    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(
        IReadOnlyList<IScenario> scenarios,
        CancellationToken cancellationToken
    )
    {
        var bench = await BenchDatabase.EnsureAsync(system.Superuser);
        var runs = scenarios.ToDictionary(s => s, _ => new List<IReadOnlyList<Measurement>>());
        await AnsiConsole
            .Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn(),
                new SpinnerColumn()
            )
            .StartAsync(async progress =>
            {
                await using var context = new BenchContext(system, options, bench, progress);
                for (var run = 1; run <= options.Runs; run++)
                {
                    context.Run = run;
                    foreach (var scenario in scenarios)
                        runs[scenario].Add(await RunOnceAsync(scenario, context, cancellationToken));
                }
            });
        return scenarios.Select(s => new ScenarioResult(s, runs[s])).ToList();
    }

    // A scenario that fails shows as a failed line with its reason; the others still run. Each
    // line carries the machine's load before and after it and the CPU other processes took
    // meanwhile, so a figure from a busy machine shows.
    private static async Task<IReadOnlyList<Measurement>> RunOnceAsync(
        IScenario scenario,
        BenchContext context,
        CancellationToken cancellationToken
    )
    {
        var before = LoadAverage.Read();
        var others = OtherWork.Start();
        IReadOnlyList<Measurement> figures;
        try
        {
            figures = await scenario.RunOnceAsync(context, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            figures =
            [
                Measurement.Missing(
                    scenario.Name,
                    $"run {context.Run}",
                    "",
                    $"failed: {ex.GetType().Name}: {ex.Message}"
                ),
            ];
        }
        return
        [
            .. figures,
            .. LoadAverage.Around(scenario.Name, before, LoadAverage.Read()),
            .. LoadAverage.OtherWork(scenario.Name, others?.Cores()),
        ];
    }
}

internal sealed record ScenarioResult(IScenario Scenario, IReadOnlyList<IReadOnlyList<Measurement>> Runs);
