using System.Net;
using System.Net.Http.Json;
using Habatan.Benchmark.Data;

namespace Habatan.Benchmark.SystemSide;

// Members' ops import (POST /api/members/ops/imports/{roster|entitlements}, raw file body)
// through the gateway with an operator's token: the roster first, so every entitlement names a
// member. Strictly validated: a rejected file fails the benchmark rather than count as rows.
internal static class MembersImport
{
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
        using var response = await ops.PostAsync($"/api/members/ops/imports/{kind}", content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException(
                $"The {kind} import answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 600)]}"
            );
        return System.Text.Json.JsonSerializer.Deserialize<ImportReply>(body, JsonOptions.Web)!;
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
