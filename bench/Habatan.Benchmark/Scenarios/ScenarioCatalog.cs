namespace Habatan.Benchmark.Scenarios;

internal static class ScenarioCatalog
{
    private static readonly IScenario[] All =
    [
        new IntakeScenario(),
        new MyPageScenario(),
        new ImportScenario(),
        new AudienceScenario(),
        new FanOutScenario(),
    ];

    // In the order, whatever order --only named them in.
    public static IReadOnlyList<IScenario> Select(IReadOnlyList<string> names) =>
        All.Where(s => names.Contains(s.Name)).ToList();
}
