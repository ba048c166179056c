namespace Habatan.Benchmark.Reporting;

// The figures and the targets as two tables on stdout.
internal static class ResultsTable
{
    public static void Write(BenchReport report)
    {
        // Piped to a file, Spectre assumes 80 columns and wraps every figure.
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = 180;
        var figures = new Table()
            .Title($"Medians over {report.Runs} runs at scale {report.Scale.ToString(CultureInfo.InvariantCulture)}")
            .AddColumns("Scenario", "Measured", "Figure", "Median", "Runs");
        foreach (var scenario in report.Scenarios)
        {
            foreach (var figure in scenario.Figures.Where(f => f.Median is not null))
            {
                figures.AddRow(
                    Markup.Escape(scenario.Name),
                    Markup.Escape(figure.Subject),
                    Markup.Escape(figure.Unit.Length == 0 ? figure.Measure : $"{figure.Measure} ({figure.Unit})"),
                    Number(figure.Median!.Value),
                    Markup.Escape(string.Join(" · ", figure.Runs.Select(Number)))
                );
            }
            // One line per subject the system cannot measure yet, with the reason once.
            foreach (
                var missing in scenario.Figures.Where(f => f.Median is null).GroupBy(f => (f.Subject, f.NotMeasured))
            )
            {
                figures.AddRow(
                    Markup.Escape(scenario.Name),
                    Markup.Escape(missing.Key.Subject),
                    Markup.Escape(string.Join(", ", missing.Select(f => f.Measure))),
                    $"[yellow]not measured: {Markup.Escape(missing.Key.NotMeasured!)}[/]",
                    ""
                );
            }
        }
        AnsiConsole.Write(figures);

        var targets = new Table().Title("Targets (2 cores)").AddColumns("Scenario", "Target", "Median", "Verdict");
        foreach (var scenario in report.Scenarios)
        {
            foreach (var target in scenario.Targets)
            {
                var colour = target.Verdict switch
                {
                    "met" => "green",
                    "missed" => "red",
                    _ => "yellow",
                };
                targets.AddRow(
                    Markup.Escape(scenario.Name),
                    Markup.Escape(target.Description),
                    target.Median is { } median ? Number(median) : "–",
                    $"[{colour}]{Markup.Escape(target.Verdict)}[/]"
                );
            }
        }
        AnsiConsole.Write(targets);
        AnsiConsole.MarkupLineInterpolated(
            CultureInfo.InvariantCulture,
            $"Machine: {report.Machine}; PostgreSQL {string.Join(", ", report.Servers.Values)}"
        );
    }

    public static string Number(double value) =>
        value switch
        {
            >= 100 => value.ToString("N0", CultureInfo.InvariantCulture),
            >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
            _ => value.ToString("0.###", CultureInfo.InvariantCulture),
        };
}
