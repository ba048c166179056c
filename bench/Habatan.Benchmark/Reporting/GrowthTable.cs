namespace Habatan.Benchmark.Reporting;

// The growth series as a table: each line's median at each scale, then its cost per unit at the
// largest scale relative to the smallest (1 = linear; over 1.2 printed as worse than linear).
internal static class GrowthTable
{
    public const double Tolerance = 1.2;

    public static void Write(IReadOnlyList<GrowthSeries> growth)
    {
        var scales = growth.SelectMany(s => s.Points).Select(p => p.Scale).Distinct().Order().ToList();
        var table = new Table()
            .Title("Cost growth: medians per scale; cost per unit at the largest scale ÷ at the smallest")
            .AddColumn("Line")
            .AddColumn("Figure");
        foreach (var scale in scales)
            table.AddColumn($"× {scale.ToString(CultureInfo.InvariantCulture)}");
        table.AddColumn("cost per unit, largest ÷ smallest");
        foreach (var series in growth)
        {
            var relative = series.Relative(series.Points[^1]);
            var verdict = relative <= Tolerance ? "green" : "red";
            table.AddRow([
                Markup.Escape(series.Label),
                Markup.Escape(series.Unit),
                .. scales.Select(scale =>
                    series.Points.FirstOrDefault(p => p.Scale == scale) is { } point
                        ? ResultsTable.Number(point.Value)
                        : "–"
                ),
                $"[{verdict}]{ResultsTable.Number(relative)}[/]",
            ]);
        }
        AnsiConsole.Write(table);
    }
}
