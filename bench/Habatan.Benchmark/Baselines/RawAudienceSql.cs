using System.Text.Json;
using System.Text.RegularExpressions;
using Habatan.Benchmark.Data;
using Npgsql;

namespace Habatan.Benchmark.Baselines;

// Audience resolution's floor: the audience as one SQL statement over typed columns, run with
// psql (\timing: server time plus transfer of every recipient row, as the service needs them),
// over tables shaped like Members' (member with random public id, entitlement with integer
// yen) and loaded from the same generated files. EXPLAIN says whether the plan uses an index.
internal static partial class RawAudienceSql
{
    // Built once per data set from the \copy tables (not timed).
    private const string Tables = """
        DROP TABLE IF EXISTS bench_entitlement, bench_member;
        CREATE TABLE bench_member (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            public_id text NOT NULL UNIQUE,
            email text,
            email_normalized text UNIQUE,
            inbox_opt_in boolean NOT NULL,
            withdrawn_at date);
        CREATE TABLE bench_entitlement (
            member_id bigint NOT NULL REFERENCES bench_member (id),
            campaign_code text NOT NULL,
            units integer NOT NULL CHECK (units > 0),
            won_yen bigint NOT NULL CHECK (won_yen >= 0),
            charged_yen bigint NOT NULL CHECK (charged_yen >= 0),
            PRIMARY KEY (campaign_code, member_id));
        INSERT INTO bench_member (public_id, email, email_normalized, inbox_opt_in, withdrawn_at)
        SELECT md5(email || random()::text), email, lower(email), inbox_opt_in = 1, withdrawn_on FROM bench_roster_row;
        INSERT INTO bench_entitlement (member_id, campaign_code, units, won_yen, charged_yen)
        SELECT m.id, r.campaign_code, r.units, r.won_yen, r.charged_yen
        FROM bench_entitlement_row r JOIN bench_member m ON m.email_normalized = lower(r.email);
        CREATE INDEX bench_entitlement_not_fully_charged ON bench_entitlement (campaign_code, member_id)
            WHERE charged_yen < won_yen;
        ANALYZE bench_member, bench_entitlement;
        """;

    public static string Query(string campaign) =>
        $"""
            SELECT m.public_id, m.email, m.inbox_opt_in
            FROM bench_entitlement e JOIN bench_member m ON m.id = e.member_id
            WHERE e.campaign_code = '{campaign}' AND e.charged_yen < e.won_yen
              AND m.withdrawn_at IS NULL AND (m.email IS NOT NULL OR m.inbox_opt_in)
            ORDER BY m.public_id COLLATE "C"
            """;

    public static Task PrepareAsync(NpgsqlConnectionStringBuilder bench, CancellationToken cancellationToken) =>
        BenchDatabase.ExecuteAsync(bench, Tables, cancellationToken);

    public static async Task<AudienceTiming> RunAsync(
        NpgsqlConnectionStringBuilder bench,
        string campaign,
        CancellationToken cancellationToken
    )
    {
        var output = await Psql.RunAsync(
            bench,
            $"""
            \pset format unaligned
            \pset tuples_only on
            SELECT count(*) FROM ({Query(campaign)}) audience;
            \o /dev/null
            \timing on
            COPY ({Query(campaign)}) TO STDOUT;
            \timing off
            \o
            EXPLAIN (FORMAT JSON) {Query(campaign)};
            """,
            cancellationToken
        );

        var count = int.Parse(
            output.AsSpan(0, output.IndexOf('\n', StringComparison.Ordinal)),
            CultureInfo.InvariantCulture
        );
        var time = TimingPattern().Match(output);
        if (!time.Success)
            throw new InvalidOperationException($"psql printed no timing: {output[..Math.Min(output.Length, 500)]}");
        var milliseconds = double.Parse(time.Groups[1].Value, CultureInfo.InvariantCulture);
        var plan = output[output.IndexOf('[', StringComparison.Ordinal)..];
        return new AudienceTiming(count, TimeSpan.FromMilliseconds(milliseconds), IndexesIn(plan));
    }

    // Every index any node of the plan reads (Index Scan, Index Only Scan, Bitmap Index Scan).
    public static IReadOnlyList<string> IndexesIn(string jsonPlan)
    {
        var indexes = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonElement node)
        {
            if (node.ValueKind == JsonValueKind.Object)
            {
                if (node.TryGetProperty("Index Name", out var name))
                    indexes.Add(name.GetString()!);
                foreach (var property in node.EnumerateObject())
                    Walk(property.Value);
            }
            else if (node.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in node.EnumerateArray())
                    Walk(item);
            }
        }
        using var document = JsonDocument.Parse(jsonPlan);
        Walk(document.RootElement);
        return [.. indexes];
    }

    [GeneratedRegex(@"Time: ([0-9.]+) ms")]
    private static partial Regex TimingPattern();
}

internal sealed record AudienceTiming(int Count, TimeSpan Elapsed, IReadOnlyList<string> Indexes);
