namespace Habatan.Benchmark.Measuring;

// The machine's one-minute load average from /proc/loadavg. A figure measured while other work
// ran (a build, a test run) is not comparable with one from a quiet machine, so every line
// carries the load before and after it, and a load over two (this machine's cores) is flagged;
// since the system under test loads the machine too, the other processes' CPU is printed beside.
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

    // The load average counts the system under test too, which fills both cores by design; the
    // CPU the other processes took (OtherWork) says whether the machine was quiet.
    public static IEnumerable<Measurement> OtherWork(string scenario, double? cores)
    {
        if (cores is not { } used)
        {
            yield return Measurement.Missing("machine", "other processes' CPU", "cores", "no /proc on this machine");
            yield break;
        }
        yield return new Measurement("machine", "other processes' CPU", "cores", used);
        if (used > Measuring.OtherWork.QuietAtMost)
            Warn(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"warning: {scenario}: processes outside the benchmark used {used:0.##} of a core"
                )
            );
    }

    public static IEnumerable<Measurement> Around(string scenario, double? before, double? after)
    {
        foreach (var (measure, value) in new[] { ("load average before", before), ("load average after", after) })
        {
            yield return value is { } load
                ? new Measurement("machine", measure, "1 min", load)
                : Measurement.Missing("machine", measure, "1 min", "no /proc/loadavg on this machine");
            if (value > QuietAtMost)
                Warn(
                    string.Create(CultureInfo.InvariantCulture, $"warning: {scenario}: {measure} was {value:0.##}")
                        + $" (over {QuietAtMost}, counting the system under test)"
                );
        }
    }

    private static void Warn(string warning) =>
        AnsiConsole.MarkupLine(
            $"[yellow]{Markup.Escape(warning + ": these figures may not be from a quiet machine")}[/]"
        );
}
