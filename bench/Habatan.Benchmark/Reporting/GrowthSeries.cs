using Habatan.Benchmark.Scenarios;

namespace Habatan.Benchmark.Reporting;

// How a line's cost per unit changes with the data's size (issue #19, point 6): its median at
// each scale, and its cost per unit relative to the smallest scale's: 1 is linear growth, below 1
// better than linear (fixed costs spread over more rows), above 1 worse. A rate's cost per unit
// is its inverse.
internal sealed record GrowthSeries(string Label, string Unit, bool IsRate, IReadOnlyList<GrowthPoint> Points)
{
    private const string FanOutAudience = ", fan-out audience";

    private static readonly GrowthLine[] Lines =
    [
        new("import: Members' import", "import", ImportScenario.System, "rows/s", IsRate: true),
        new("import: \\copy, constrained", "import", ImportScenario.RawConstrained, "rows/s", IsRate: true),
        new("audience: resolution, reminder", "audience", AudienceScenario.System, AudienceScenario.PerThousand),
        new(
            "audience: resolution, 220k audience",
            "audience",
            AudienceScenario.System + FanOutAudience,
            AudienceScenario.PerThousand
        ),
        new("audience: raw SQL, reminder", "audience", AudienceScenario.Raw, AudienceScenario.PerThousand),
        new(
            "audience: raw SQL, 220k audience",
            "audience",
            AudienceScenario.Raw + FanOutAudience,
            AudienceScenario.PerThousand
        ),
        new("fan-out: reminder", "fanout", FanOutScenario.System, "messages/s", IsRate: true),
        new("fan-out: raw publish", "fanout", FanOutScenario.RawBroker, "publish confirmed/s", IsRate: true),
    ];

    public static IReadOnlyList<GrowthSeries> From(IReadOnlyList<ScaleFigures> scales) =>
        Lines
            .Select(line => new GrowthSeries(
                line.Label,
                line.Measure,
                line.IsRate,
                [
                    .. scales
                        .OrderBy(scale => scale.Scale)
                        .SelectMany(scale =>
                            scale
                                .Figures.Where(f =>
                                    f.Scenario == line.Scenario
                                    && f.Subject == line.Subject
                                    && f.Measure == line.Measure
                                    && f.Median > 0
                                )
                                .Select(f => new GrowthPoint(scale.Scale, f.Median!.Value))
                        ),
                ]
            ))
            .Where(series => series.Points.Count > 1)
            .ToList();

    // Cost per unit at this point ÷ cost per unit at the smallest scale.
    public double Relative(GrowthPoint point) => IsRate ? Points[0].Value / point.Value : point.Value / Points[0].Value;

    private sealed record GrowthLine(
        string Label,
        string Scenario,
        string Subject,
        string Measure,
        bool IsRate = false
    );
}

internal sealed record GrowthPoint(double Scale, double Value);
