using System.Text.Json;

namespace Habatan.Benchmark.SystemSide;

internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
