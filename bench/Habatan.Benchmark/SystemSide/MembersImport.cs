using System.Text.Json;
using Habatan.Benchmark.Data;

namespace Habatan.Benchmark.SystemSide;

// Members' ops import (POST /api/members/ops/imports/{roster|entitlements}, raw file body)
// through the gateway with an operator's token: the roster first, so every entitlement names a
// member. Each upload is a job, polled every 100 ms until it has finished (polled every second,
// up to 2 of the 26 s at scale 0.3 were the benchmark's own waiting). Strictly validated: a
// refused or failed file fails the benchmark rather than count as rows.
internal static class MembersImport
{
    // Ten times today's data takes about 20 minutes in all (ImportOptions.StatementTimeout).
    private static readonly TimeSpan JobBound = TimeSpan.FromMinutes(40);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    public static async Task<ImportTiming> RunAsync(
        HttpClient ops,
        MemberData data,
        CancellationToken cancellationToken
    )
    {
        var clock = Stopwatch.StartNew();
        var roster = await UploadAsync(ops, "roster", data.RosterCsv, cancellationToken);
        var entitlements = await UploadAsync(ops, "entitlements", data.EntitlementsCsv, cancellationToken);
        clock.Stop();
        return new ImportTiming(clock.Elapsed, roster, entitlements);
    }

    private static async Task<ImportReply> UploadAsync(
        HttpClient ops,
        string kind,
        string path,
        CancellationToken cancellationToken
    )
    {
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file, 1 << 16);
        content.Headers.ContentType = new("text/csv") { CharSet = "utf-8" };
        var import = await ImportJobPolling.ImportAsync(ops, kind, content, JobBound, PollEvery, cancellationToken);
        if (import.State != "Succeeded")
        {
            var job = import.Job.ToString();
            throw new InvalidOperationException(
                $"The {kind} import ended {import.State}: {job[..Math.Min(job.Length, 600)]}"
            );
        }
        return import.Answer.Deserialize<ImportReply>(JsonOptions.Web)!;
    }
}

internal sealed record ImportReply(
    Guid ImportId,
    string Status,
    int RowCount,
    int ErrorCount,
    int InsertedCount,
    int UpdatedCount
);

internal sealed record ImportTiming(TimeSpan Elapsed, ImportReply Roster, ImportReply Entitlements)
{
    public int Rows => Roster.RowCount + Entitlements.RowCount;

    public bool BothImported => Roster.Status == "imported" && Entitlements.Status == "imported";
}
