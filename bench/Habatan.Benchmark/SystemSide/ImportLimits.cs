namespace Habatan.Benchmark.SystemSide;

// Past the sizes (--scale above 1) the generated files outgrow the 200 MB an upload may
// have (Members:Imports:MaxFileBytes and the gateway's ops route allow the same) and the 2,000,000
// rows a CSV file may hold (Members:Imports:MaxCsvRows). A prefecture with three times the
// members would raise them the same way: by configuration.
internal static class ImportLimits
{
    private const long MaxFileBytes = 1L << 30;
    private const int MaxCsvRows = 10_000_000;

    public static IEnumerable<string> AppHostArguments(BenchOptions options) =>
        options.Scale <= 1
            ? []
            :
            [
                $"--Services:members:Members:Imports:MaxFileBytes={MaxFileBytes}",
                $"--Services:members:Members:Imports:MaxCsvRows={MaxCsvRows}",
                $"--Services:gateway:ReverseProxy:Routes:members-ops:MaxRequestBodySize={MaxFileBytes}",
            ];
}
