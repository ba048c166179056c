using Habatan.Benchmark.Baselines;
using Habatan.Benchmark.Data;
using Habatan.Benchmark.SystemSide;

namespace Habatan.Benchmark.Scenarios;

// 4. Audience resolution over 1.15M members vs the raw SQL run with psql: time, the count
// checked against the generator's exact figure, and whether the plan uses an index.
// "Resolution" is ResolveAudience published to AudienceResolved received: the audience
// selected in SQL, frozen as a snapshot, counted and digested, committed and announced. That
// is what the raw SQL (select and send every row) is compared with. The chunks that carry
// every recipient to Notifications follow; the time to the last of them is printed too
// ("all chunks received"): it is the fan-out's preparation, not the target's figure.
internal sealed class AudienceScenario : IScenario
{
    public const string System = "Members audience resolution";
    public const string Raw = "raw SQL (psql)";
    public const string Ratio = "resolution ÷ raw SQL";
    public const string ChunksRatio = "all chunks received ÷ raw SQL";
    private const string Probe = "/api/members/ops/audiences";
    private const string MembersDatabase = "membersdb";

    public string Name => "audience";

    public string Title => "Audience resolution";

    public IReadOnlyList<Target> Targets { get; } =
    [
        Target.AtMostOf("audience", "<= 2x the raw SQL", Ratio, "time ratio", 2),
        Target.AtLeastOf("audience", "the raw SQL's plan uses an index", Raw, "plan uses an index", 1),
        Target.AtMostOf("audience", "raw SQL count = generated count", Raw, "|count − expected|", 0),
        Target.AtMostOf("audience", "Members' snapshot count = generated count", System, "|count − expected|", 0),
        Target.AtLeastOf(
            "audience",
            "Members' resolution scans an entitlement index",
            System,
            "entitlement index scans (pg_stat)",
            1
        ),
    ];

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(
        BenchContext context,
        CancellationToken cancellationToken
    )
    {
        var data = await context.MemberDataAsync(cancellationToken);
        await context.EnsureAudienceTablesAsync(cancellationToken);
        using var ops = await context.OpsClientAsync();
        var missing = await SystemProbe.MissingAsync(ops, Probe, NotLanded.Audience, cancellationToken);
        if (missing is null)
            await context.EnsureMembersImportedAsync(ops, "audience", cancellationToken);
        await SettleAsync(context, missing is null, cancellationToken);
        var task = context.Task($"audience: raw SQL over {data.Members:N0} members");
        var reminder = await RawAudienceSql.RunAsync(context.Bench, Campaigns.Kosodate, cancellationToken);
        var fanOut = await RawAudienceSql.RunAsync(context.Bench, Campaigns.Ippan, cancellationToken);
        task.Value = task.MaxValue;
        task.StopTask();
        List<Measurement> figures =
        [
            new(Raw, "time", "ms", reminder.Elapsed.TotalMilliseconds),
            new(Raw, "recipients", "rows", reminder.Count),
            new(Raw, "|count − expected|", "rows", Math.Abs(reminder.Count - data.KosodateAudience)),
            new(Raw, "plan uses an index", "1 = yes", reminder.Indexes.Count > 0 ? 1 : 0),
            new($"{Raw}, fan-out audience", "time", "ms", fanOut.Elapsed.TotalMilliseconds),
            new($"{Raw}, fan-out audience", "recipients", "rows", fanOut.Count),
            new($"{Raw}, fan-out audience", "|count − expected|", "rows", Math.Abs(fanOut.Count - data.IppanAudience)),
            new($"{Raw}, fan-out audience", "plan uses an index", "1 = yes", fanOut.Indexes.Count > 0 ? 1 : 0),
        ];

        if (missing is not null)
        {
            figures.Add(Measurement.Missing(System, "time", "ms", missing));
            figures.Add(Measurement.Missing(Ratio, "time ratio", "×", missing));
            return figures;
        }

        task = context.Task("audience: ResolveAudience to Members over the broker, until every chunk arrived");
        var audiences = await context.AudiencesAsync(cancellationToken);
        var phaseLog = context.MembersPhases;
        // Untimed, as the raw side's count(*) runs before its timed COPY: the first request
        // after start-up would time JIT compilation and cold connections, not resolution.
        await audiences.ResolveAsync(Campaigns.Kosodate, cancellationToken);
        var scansBefore = await IndexScans.ReadAsync(
            context.System.Superuser,
            MembersDatabase,
            "entitlement",
            cancellationToken
        );
        var resolved = await audiences.ResolveAsync(Campaigns.Kosodate, cancellationToken);
        var scans = await IndexScans.SinceAsync(
            scansBefore,
            context.System.Superuser,
            MembersDatabase,
            "entitlement",
            cancellationToken
        );
        var resolvedFanOut = await audiences.ResolveAsync(Campaigns.Ippan, cancellationToken);
        var phases = await PhasesAsync(phaseLog, System, resolved, cancellationToken);
        var phasesFanOut = await PhasesAsync(
            phaseLog,
            $"{System}, fan-out audience",
            resolvedFanOut,
            cancellationToken
        );
        task.Value = task.MaxValue;
        task.StopTask();
        figures.AddRange([
            new(Raw, PerThousand, "ms", PerThousandOf(reminder.Elapsed, reminder.Count)),
            new($"{Raw}, fan-out audience", PerThousand, "ms", PerThousandOf(fanOut.Elapsed, fanOut.Count)),
            new(System, PerThousand, "ms", PerThousandOf(resolved.Resolved, resolved.Announced)),
            new(
                $"{System}, fan-out audience",
                PerThousand,
                "ms",
                PerThousandOf(resolvedFanOut.Resolved, resolvedFanOut.Announced)
            ),
            .. phases,
            .. phasesFanOut,
        ]);
        figures.AddRange([
            new(System, "time", "ms", resolved.Resolved.TotalMilliseconds),
            new(System, "all chunks received", "ms", resolved.Elapsed.TotalMilliseconds),
            new(System, "|count − expected|", "rows", Math.Abs(resolved.Received - data.KosodateAudience)),
            new(
                System,
                "digest matches the chunks",
                "1 = yes",
                resolved.DigestMatches && resolved.Announced == resolved.Received ? 1 : 0
            ),
            new(Ratio, "time ratio", "×", resolved.Resolved / reminder.Elapsed),
            new(ChunksRatio, "time ratio", "×", resolved.Elapsed / reminder.Elapsed),
            new(System, "entitlement index scans (pg_stat)", "scans", scans.Values.Sum()),
            new(
                System,
                "indexes scanned: "
                    + (scans.Count == 0 ? "none" : string.Join(", ", scans.Keys.Order(StringComparer.Ordinal))),
                "",
                1
            ),
            new($"{System}, fan-out audience", "time", "ms", resolvedFanOut.Resolved.TotalMilliseconds),
            new($"{System}, fan-out audience", "all chunks received", "ms", resolvedFanOut.Elapsed.TotalMilliseconds),
            new(
                $"{System}, fan-out audience",
                "|count − expected|",
                "rows",
                Math.Abs(resolvedFanOut.Received - data.IppanAudience)
            ),
            new($"{Ratio}, fan-out audience", "time ratio", "×", resolvedFanOut.Resolved / fanOut.Elapsed),
            new($"{ChunksRatio}, fan-out audience", "time ratio", "×", resolvedFanOut.Elapsed / fanOut.Elapsed),
        ]);
        return figures;
    }

    // Both sides' tables were just written (the raw tables rebuilt, Members' imported): settled
    // alike before either is timed (BenchDatabase.SettleAsync).
    private static async Task SettleAsync(BenchContext context, bool members, CancellationToken cancellationToken)
    {
        var superuser = context.System.Superuser;
        await BenchDatabase.SettleAsync(
            superuser,
            BenchDatabase.Name,
            ["bench_member", "bench_entitlement"],
            cancellationToken
        );
        if (members)
            await BenchDatabase.SettleAsync(superuser, MembersDatabase, ["member", "entitlement"], cancellationToken);
    }

    public const string PerThousand = "ms per 1,000 recipients";

    private static double PerThousandOf(TimeSpan elapsed, int count) =>
        elapsed.TotalMilliseconds * 1000 / Math.Max(1, count);

    // Where the resolution's time went: Members' two logged phases, the rest of the way from the
    // request to AudienceResolved (two broker hops, the inbox, the commit, the outbox), and the
    // chunks that follow it. The first two are Members' own clock, the others the benchmark's.
    private static async Task<List<Measurement>> PhasesAsync(
        MembersPhaseLog log,
        string subject,
        AudienceResult result,
        CancellationToken cancellationToken
    )
    {
        var deliver = new Measurement(
            subject,
            "phase 4: deliver (announcement to last chunk)",
            "ms",
            (result.Elapsed - result.Resolved).TotalMilliseconds
        );
        if (await log.SnapshotAsync(result.SnapshotId, TimeSpan.FromSeconds(10), cancellationToken) is not { } phases)
            return [Measurement.Missing(subject, "phase 1: freeze", "ms", "no phases line in Members' log"), deliver];
        return
        [
            new(subject, "phase 1: freeze", "ms", phases.Frozen.TotalMilliseconds),
            new(subject, "phase 2: count and digest", "ms", phases.CountedAndDigested.TotalMilliseconds),
            new(
                subject,
                "phase 3: request and announce (broker hops, inbox, commit, outbox)",
                "ms",
                (result.Resolved - phases.Frozen - phases.CountedAndDigested).TotalMilliseconds
            ),
            deliver,
        ];
    }
}
