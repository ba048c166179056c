using System.Security;
using System.Text;

namespace Habatan.Benchmark.Reporting;

// The growth series as an SVG next to the results (bench/results/<timestamp>-growth.svg): the
// scale on a logarithmic x axis, each line's cost per unit relative to its smallest scale on the
// y axis, and a dashed line at 1 (linear growth). Written by hand: a few polylines need no
// plotting package, and the file diffs as text when copied into docs/.
internal static class GrowthChart
{
    private const double Width = 760;
    private const double Height = 430;
    private const double Left = 60;
    private const double Right = 250;
    private const double Top = 40;
    private const double Bottom = 50;

    private static readonly string[] Colours =
    [
        "#1f77b4",
        "#aec7e8",
        "#d62728",
        "#ff9896",
        "#9467bd",
        "#c5b0d5",
        "#2ca02c",
        "#98df8a",
    ];

    public static async Task<string> WriteAsync(IReadOnlyList<GrowthSeries> growth, DateTimeOffset at)
    {
        Directory.CreateDirectory(BenchPaths.Results);
        var path = Path.Combine(BenchPaths.Results, $"{at:yyyyMMdd-HHmmss}-growth.svg");
        await File.WriteAllTextAsync(path, Svg(growth));
        return path;
    }

    public static string Svg(IReadOnlyList<GrowthSeries> growth)
    {
        var scales = growth.SelectMany(s => s.Points).Select(p => p.Scale).Distinct().Order().ToList();
        var highest = growth.SelectMany(s => s.Points.Select(s.Relative)).DefaultIfEmpty(1).Max();
        var yMax = Math.Max(2, Math.Ceiling(highest * 1.1 * 2) / 2);
        double X(double scale) =>
            scales.Count < 2
                ? Left
                : Left
                    + (Math.Log10(scale) - Math.Log10(scales[0]))
                        / (Math.Log10(scales[^1]) - Math.Log10(scales[0]))
                        * (Width - Left - Right);
        double Y(double relative) => Height - Bottom - relative / yMax * (Height - Top - Bottom);

        var svg = new StringBuilder();
        Add(svg, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" """);
        Add(svg, $"""font-family="sans-serif" font-size="12"><rect width="{Width}" height="{Height}" fill="white"/>""");
        Text(svg, Left, 22, "Cost per unit relative to the smallest scale (1 = linear growth)");
        for (var tick = 0.0; tick <= yMax + 1e-9; tick += 0.5)
        {
            Line(svg, Left, Width - Right, Y(tick), Y(tick), "#ddd");
            Text(svg, Left - 8, Y(tick) + 4, tick.ToString("0.0", CultureInfo.InvariantCulture), "end");
        }
        Line(svg, Left, Width - Right, Y(1), Y(1), "#333", "stroke-dasharray=\"6 4\"");
        foreach (var scale in scales)
            Text(svg, X(scale), Height - Bottom + 18, $"×{scale.ToString(CultureInfo.InvariantCulture)}", "middle");
        Text(
            svg,
            (Left + Width - Right) / 2,
            Height - 12,
            "scale (1 = 1.15M members, 220,000 fan-out), logarithmic",
            "middle"
        );
        for (var i = 0; i < growth.Count; i++)
        {
            var series = growth[i];
            var colour = Colours[i % Colours.Length];
            var points = string.Join(
                ' ',
                series.Points.Select(p =>
                    string.Create(CultureInfo.InvariantCulture, $"{X(p.Scale):0.#},{Y(series.Relative(p)):0.#}")
                )
            );
            Add(svg, $"""<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>""");
            foreach (var point in series.Points)
            {
                var (cx, cy) = (X(point.Scale), Y(series.Relative(point)));
                Add(svg, $"""<circle cx="{cx:0.#}" cy="{cy:0.#}" r="3" fill="{colour}"/>""");
            }
            var legendY = Top + 10 + i * 20;
            Line(svg, Width - Right + 15, Width - Right + 35, legendY, legendY, colour, "stroke-width=\"2\"");
            Text(svg, Width - Right + 40, legendY + 4, series.Label);
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Add(StringBuilder svg, FormattableString element) =>
        svg.Append(element.ToString(CultureInfo.InvariantCulture));

    private static void Line(
        StringBuilder svg,
        double x1,
        double x2,
        double y1,
        double y2,
        string colour,
        string extra = ""
    ) => Add(svg, $"""<line x1="{x1:0.#}" x2="{x2:0.#}" y1="{y1:0.#}" y2="{y2:0.#}" stroke="{colour}" {extra}/>""");

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor = "start") =>
        Add(svg, $"""<text x="{x:0.#}" y="{y:0.#}" text-anchor="{anchor}">{SecurityElement.Escape(text)}</text>""");
}
