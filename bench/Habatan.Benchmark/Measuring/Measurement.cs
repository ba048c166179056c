namespace Habatan.Benchmark.Measuring;

// One figure of one run: what was measured (subject: "gateway", "raw INSERT loop", "psql \copy",
// or a ratio such as "gateway ÷ raw INSERT"), the measure, its unit and value. A figure the
// system cannot give yet carries the reason instead of a value: never a made-up number.
internal sealed record Measurement(
    string Subject,
    string Measure,
    string Unit,
    double? Value,
    string? NotMeasured = null
)
{
    public static Measurement Missing(string subject, string measure, string unit, string why) =>
        new(subject, measure, unit, null, why);

    public string Key => $"{Subject}|{Measure}";
}

// A target of the issue over the medians: Subject/Measure's median compared with Threshold.
internal sealed record Target(
    string Scenario,
    string Description,
    string Subject,
    string Measure,
    double Threshold,
    bool AtLeast
)
{
    public static Target AtLeastOf(
        string scenario,
        string description,
        string subject,
        string measure,
        double threshold
    ) => new(scenario, description, subject, measure, threshold, AtLeast: true);

    public static Target AtMostOf(
        string scenario,
        string description,
        string subject,
        string measure,
        double threshold
    ) => new(scenario, description, subject, measure, threshold, AtLeast: false);

    public bool IsMetBy(double value) => AtLeast ? value >= Threshold : value <= Threshold;
}
