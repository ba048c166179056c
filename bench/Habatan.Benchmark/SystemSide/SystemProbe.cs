namespace Habatan.Benchmark.SystemSide;

// Whether a part of the system is there to be measured: its read route answers 200 to an
// operator. Anything else (404 before the feature is merged) becomes a "not measured" line
// that names the route and its answer.
internal static class SystemProbe
{
    public static async Task<string?> MissingAsync(
        HttpClient ops,
        string path,
        string notLanded,
        CancellationToken cancellationToken
    )
    {
        using var response = await ops.GetAsync(path, cancellationToken);
        return response.IsSuccessStatusCode ? null : $"{notLanded} (GET {path} answered {(int)response.StatusCode})";
    }
}
