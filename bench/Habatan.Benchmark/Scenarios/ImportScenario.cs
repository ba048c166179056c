using Habatan.Benchmark.Baselines;
using Habatan.Benchmark.SystemSide;

namespace Habatan.Benchmark.Scenarios;

// 3. Import of 1.15M members and their entitlements, strictly validated, vs psql's \copy of the
// same two files: rows per second over both. Members refuses the same file twice (nothing
// changes), so the system's import is timed in the first run; later runs time that refusal.
internal sealed class ImportScenario : IScenario
{
    public const string System = "Members ops import";
    public const string Raw = "psql \\copy";
    public const string Ratio = "import ÷ \\copy";
    private const string Probe = "/api/members/ops/imports";

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
        var rawRate = rows / elapsed.TotalSeconds;
        List<Measurement> figures =
        [
            new(Raw, "rows/s", "/s", rawRate),
            new(Raw, "rows", "rows", rows),
            new(Raw, "time", "s", elapsed.TotalSeconds),
        ];

        using var ops = await context.OpsClientAsync();
        if (await SystemProbe.MissingAsync(ops, Probe, NotLanded.Import, cancellationToken) is { } missing)
        {
            figures.Add(Measurement.Missing(System, "rows/s", "/s", missing));
            figures.Add(Measurement.Missing(Ratio, "rows/s ratio", "×", missing));
            return figures;
        }

        task = context.Task("import: the same files through Members' ops import (gateway)");
        var import = await MembersImport.RunAsync(ops, data, cancellationToken);
        task.Value = task.MaxValue;
        task.StopTask();
        if (context.SystemImport is null)
        {
            if (!import.BothImported || import.Rows != rows)
                throw new InvalidOperationException($"Members' import answered {import.Roster.Status}/{import.Entitlements.Status} for {import.Rows:N0} rows; psql copied {rows:N0}.");
            context.SystemImport = import;
            var rate = import.Rows / import.Elapsed.TotalSeconds;
            figures.Add(new(System, "rows/s", "/s", rate));
            figures.Add(new(System, "time", "s", import.Elapsed.TotalSeconds));
            figures.Add(new(Ratio, "rows/s ratio", "×", rate / rawRate));
        }
        else
        {
            figures.Add(new(System, "same files again (refused as duplicate)", "s", import.Elapsed.TotalSeconds));
        }
        return figures;
    }
}
