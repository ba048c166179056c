namespace Habatan.Benchmark.SystemSide;

// Past the sizes (--scale above 1) the generated entitlements file outgrows the 200 MB an
// upload may have (Members:Imports:MaxFileBytes and the gateway's ops route allow the same). A
// prefecture with three times the members would raise both the same way: by configuration.
internal static class ImportLimits
{
    private const long MaxFileBytes = 1L << 30;

    public static IEnumerable<string> AppHostArguments(BenchOptions options) =>
        options.Scale <= 1
            ? []
            :
            [
                $"--Services:members:Members:Imports:MaxFileBytes={MaxFileBytes}",
                $"--Services:gateway:ReverseProxy:Routes:members-ops:MaxRequestBodySize={MaxFileBytes}",
            ];
}
