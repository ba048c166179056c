using Habatan.Benchmark.Baselines;
using Habatan.Benchmark.SystemSide;

namespace Habatan.Benchmark.Scenarios;

// 3. Import of 1.15M members and their entitlements, strictly validated, vs psql's \copy of the
// same two files: rows per second over both. Two \copy baselines: into bare typed tables, and
// into tables with Members' constraints and indexes (see PsqlCopy). The target is read against
// the second, the like-for-like one: rows are imported when they are in the real, constrained
// tables, which a \copy into bare tables has not done. Members refuses the same file twice (nothing
// changes), so the system's import is timed in the first run; later runs time that refusal.
internal sealed class ImportScenario : IScenario
{
    public const string System = "Members ops import";
    public const string Raw = "psql \\copy, bare typed tables";
    public const string RawConstrained = "psql \\copy, Members' constraints and indexes";
    public const string Ratio = "import ÷ \\copy (constraints and indexes)";
    public const string RatioBare = "import ÷ \\copy (bare)";
    private const string Probe = "/api/members/ops/imports";

    public string Name => "import";

    public string Title => "Import: members and entitlements";

    public IReadOnlyList<Target> Targets { get; } =
    [
        Target.AtLeastOf(
            "import",
            ">= 0.7 of \\copy (into tables constrained like Members')",
            Ratio,
            "rows/s ratio",
            0.7
        ),
    ];

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(
        BenchContext context,
        CancellationToken cancellationToken
    )
    {
        var data = await context.MemberDataAsync(cancellationToken);
        var task = context.Task(
            $"import: psql \\copy of {data.Members:N0} members and {data.Entitlements:N0} entitlements,"
                + " constrained tables"
        );
        var (constrainedElapsed, constrainedRows) = await PsqlCopy.ConstrainedAsync(
            context.Bench,
            data,
            cancellationToken
        );
        task.Value = task.MaxValue;
        task.StopTask();
        task = context.Task(
            $"import: psql \\copy of {data.Members:N0} members and {data.Entitlements:N0} entitlements, bare tables"
        );
        var (elapsed, rows) = await PsqlCopy.BareAsync(context.Bench, data, cancellationToken);
        context.RowsCopied();
        task.Value = task.MaxValue;
        task.StopTask();
        var rawRate = rows / elapsed.TotalSeconds;
        var constrainedRate = constrainedRows / constrainedElapsed.TotalSeconds;
        List<Measurement> figures =
        [
            new(Raw, "rows/s", "/s", rawRate),
            new(Raw, "rows", "rows", rows),
            new(Raw, "time", "s", elapsed.TotalSeconds),
            new(RawConstrained, "rows/s", "/s", constrainedRate),
            new(RawConstrained, "rows", "rows", constrainedRows),
            new(RawConstrained, "time", "s", constrainedElapsed.TotalSeconds),
        ];

        using var ops = await context.OpsClientAsync();
        if (await SystemProbe.MissingAsync(ops, Probe, NotLanded.Import, cancellationToken) is { } missing)
        {
            figures.Add(Measurement.Missing(System, "rows/s", "/s", missing));
            figures.Add(Measurement.Missing(Ratio, "rows/s ratio", "×", missing));
            figures.Add(Measurement.Missing(RatioBare, "rows/s ratio", "×", missing));
            return figures;
        }

        var phaseLog = context.MembersPhases;
        task = context.Task("import: the same files through Members' ops import (gateway)");
        var import = await MembersImport.RunAsync(ops, data, cancellationToken);
        task.Value = task.MaxValue;
        task.StopTask();
        if (context.SystemImport is null)
        {
            if (!import.BothImported || import.Rows != rows)
                throw new InvalidOperationException(
                    $"Members' import answered {import.Roster.Status}/{import.Entitlements.Status}"
                        + $" for {import.Rows:N0} rows; psql copied {rows:N0}."
                );
            context.SystemImport = import;
            var rate = import.Rows / import.Elapsed.TotalSeconds;
            figures.Add(new(System, "rows/s", "/s", rate));
            figures.Add(new(System, "time", "s", import.Elapsed.TotalSeconds));
            figures.Add(new(Ratio, "rows/s ratio", "×", rate / constrainedRate));
            figures.Add(new(RatioBare, "rows/s ratio", "×", rate / rawRate));
            figures.AddRange(await PhasesAsync(phaseLog, import, cancellationToken));
        }
        else
        {
            figures.Add(new(System, "same files again (refused as duplicate)", "s", import.Elapsed.TotalSeconds));
        }
        return figures;
    }

    // Where the import's time went, both files together: Members' three logged phases (its own
    // clock) and the rest (the upload through the gateway, the job's queue, up to 100 ms of
    // polling per file).
    private static async Task<List<Measurement>> PhasesAsync(
        MembersPhaseLog log,
        ImportTiming import,
        CancellationToken cancellationToken
    )
    {
        var patience = TimeSpan.FromSeconds(10);
        var roster = await log.ImportAsync(import.Roster.ImportId, patience, cancellationToken);
        var entitlements = await log.ImportAsync(import.Entitlements.ImportId, patience, cancellationToken);
        if (roster is null || entitlements is null)
            return [Measurement.Missing(System, "phase: parse and stage", "s", "no phases line in Members' log")];
        var both = roster + entitlements;
        return
        [
            new(System, "phase: parse and stage", "s", both.ParseAndStage.TotalSeconds),
            new(System, "phase: checks", "s", both.Checks.TotalSeconds),
            new(System, "phase: merge and record", "s", both.MergeAndRecord.TotalSeconds),
            new(System, "phase: upload, queue and polling", "s", (import.Elapsed - both.Total).TotalSeconds),
        ];
    }
}
