using Habatan.Benchmark.Baselines;

namespace Habatan.Benchmark.Scenarios;

// 3. Import of 1.15M members and their entitlements, strictly validated, vs psql's \copy of the
// same two files: rows per second over both.
internal sealed class ImportScenario : IScenario
{
    public const string System = "Members ops import";
    public const string Raw = "psql \\copy";
    public const string Ratio = "import ÷ \\copy";

    public string Name => "import";

    public string Title => "Import: members and entitlements";

    public IReadOnlyList<Target> Targets { get; } =
        [Target.AtLeastOf("import", ">= 0.7 of \\copy", Ratio, "rows/s ratio", 0.7)];

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var data = await context.MemberDataAsync(cancellationToken);
        var task = context.Task($"import: psql \\copy of {data.Members:N0} members and {data.Entitlements:N0} entitlements");
        var (elapsed, rows) = await PsqlCopy.RunAsync(context.Bench, data, cancellationToken);
        context.RowsCopied();
        task.Value = task.MaxValue;
        task.StopTask();
        return
        [
            new(Raw, "rows/s", "/s", rows / elapsed.TotalSeconds),
            new(Raw, "rows", "rows", rows),
            new(Raw, "time", "s", elapsed.TotalSeconds),
            Measurement.Missing(System, "rows/s", "/s", NotLanded.Import),
            Measurement.Missing(Ratio, "rows/s ratio", "×", NotLanded.Import),
        ];
    }
}
