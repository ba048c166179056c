namespace Habatan.Benchmark.Measuring;

// The machine's one-minute load average from /proc/loadavg. A figure measured while other work
// ran (a build, a test run) is not comparable with one from a quiet machine, so every line
// carries the load before and after it, and a load over two (this machine's cores) is flagged.
internal static class LoadAverage
{
    public const double QuietAtMost = 2.0;

    public static double? Read()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path))
            return null;
        var first = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return double.Parse(first, CultureInfo.InvariantCulture);
    }

    public static IEnumerable<Measurement> Around(string scenario, double? before, double? after)
    {
        foreach (var (measure, value) in new[] { ("load average before", before), ("load average after", after) })
        {
            yield return value is { } load
                ? new Measurement("machine", measure, "1 min", load)
                : Measurement.Missing("machine", measure, "1 min", "no /proc/loadavg on this machine");
            if (value > QuietAtMost)
            {
                var warning =
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"warning: {scenario}: {measure} was {value:0.##} (over {QuietAtMost}): "
                    ) + "other work was running, so these figures are not from a quiet machine";
                AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(warning)}[/]");
            }
        }
    }
}
