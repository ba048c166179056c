using System.Text.Json;

namespace Habatan.Benchmark.Reporting;

// bench/results/<timestamp>.json (git-ignored): every run's values, the medians and the verdicts.
internal static class ResultsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<string> WriteAsync(BenchReport report)
    {
        Directory.CreateDirectory(BenchPaths.Results);
        var path = Path.Combine(BenchPaths.Results, $"{report.At:yyyyMMdd-HHmmss}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Options));
        return path;
    }
}
