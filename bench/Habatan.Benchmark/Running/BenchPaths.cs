namespace Habatan.Benchmark.Running;

// Everything the benchmark writes: generated data under .data/bench (git-ignored, kept between
// runs because it is deterministic), results under bench/results (git-ignored).
internal static class BenchPaths
{
    public static string Root { get; } = Path.Combine(RepositoryPaths.Root, ".data", "bench");

    public static string Results { get; } = Path.Combine(RepositoryPaths.Root, "bench", "results");

    public static string DataFor(double scale) =>
        Path.Combine(Root, $"data-{scale.ToString("0.####", CultureInfo.InvariantCulture)}");
}
