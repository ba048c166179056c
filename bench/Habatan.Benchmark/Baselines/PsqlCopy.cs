using Habatan.Benchmark.Data;
using Npgsql;

namespace Habatan.Benchmark.Baselines;

// Import's ceiling: psql's \copy of the same two files into tables typed like them (integer
// yen, NOT NULL, CHECK >= 0), so PostgreSQL itself refuses a malformed cell. Rows per second
// over both files together, psql's start-up included, as an operator would run it.
internal static class PsqlCopy
{
    private const string Schema = """
        DROP TABLE IF EXISTS bench_roster_row, bench_entitlement_row;
        CREATE TABLE bench_roster_row (
            email text NOT NULL,
            inbox_opt_in smallint NOT NULL CHECK (inbox_opt_in IN (0, 1)),
            withdrawn_on date);
        CREATE TABLE bench_entitlement_row (
            email text NOT NULL,
            campaign_code text NOT NULL,
            units integer NOT NULL CHECK (units > 0),
            won_yen bigint NOT NULL CHECK (won_yen >= 0),
            charged_yen bigint NOT NULL CHECK (charged_yen >= 0));
        """;

    public static async Task<(TimeSpan Elapsed, long Rows)> RunAsync(NpgsqlConnectionStringBuilder bench, MemberData data, CancellationToken cancellationToken)
    {
        await BenchDatabase.ExecuteAsync(bench, Schema, cancellationToken);
        var clock = Stopwatch.StartNew();
        await Psql.RunAsync(bench, $"""
            \copy bench_roster_row FROM '{data.RosterCsv}' WITH (FORMAT csv, HEADER true)
            \copy bench_entitlement_row FROM '{data.EntitlementsCsv}' WITH (FORMAT csv, HEADER true)
            """, cancellationToken);
        clock.Stop();

        await using var connection = new NpgsqlConnection(bench.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var rows = new NpgsqlCommand("SELECT (SELECT count(*) FROM bench_roster_row) + (SELECT count(*) FROM bench_entitlement_row)", connection);
        return (clock.Elapsed, (long)(await rows.ExecuteScalarAsync(cancellationToken))!);
    }
}
