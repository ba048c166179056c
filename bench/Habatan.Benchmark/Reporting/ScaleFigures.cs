using System.Text.Json;

namespace Habatan.Benchmark.Reporting;

// One scale's medians, from a report just measured or from a results file written by an earlier
// run (--growth-from): a growth series can join scales measured on different systems.
internal sealed record ScaleFigures(double Scale, IReadOnlyList<ScaleFigure> Figures)
{
    public static ScaleFigures Of(BenchReport report) =>
        new(
            report.Scale,
            [
                .. report.Scenarios.SelectMany(s =>
                    s.Figures.Select(f => new ScaleFigure(s.Name, f.Subject, f.Measure, f.Median))
                ),
            ]
        );

    public static async Task<ScaleFigures> ReadAsync(string path)
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var root = json.RootElement;
        return new ScaleFigures(
            root.GetProperty("scale").GetDouble(),
            [
                .. root.GetProperty("scenarios")
                    .EnumerateArray()
                    .SelectMany(scenario =>
                        scenario
                            .GetProperty("figures")
                            .EnumerateArray()
                            .Select(figure => new ScaleFigure(
                                scenario.GetProperty("name").GetString()!,
                                figure.GetProperty("subject").GetString()!,
                                figure.GetProperty("measure").GetString()!,
                                figure.GetProperty("median") is { ValueKind: JsonValueKind.Number } median
                                    ? median.GetDouble()
                                    : null
                            ))
                    ),
            ]
        );
    }
}

internal sealed record ScaleFigure(string Scenario, string Subject, string Measure, double? Median);
