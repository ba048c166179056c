using Habatan.Benchmark.Data;
using Npgsql;

namespace Habatan.Benchmark.Baselines;

// Import's ceilings: psql's \copy of the same two files, rows per second over both files
// together, psql's start-up included, as an operator would run it. Twice:
// - bare: into tables typed like the files (integer yen, NOT NULL, CHECK >= 0), so PostgreSQL
//   itself refuses a malformed cell, and nothing else;
// - constrained: into tables with what Members' real tables hold (identity keys, a random public
//   id, a unique email, the entitlement's foreign key to its member, its unique (campaign,
//   member), unique application id, member index and the audience's partial index), i.e. the
//   per-row index and foreign-key work an import into the real tables cannot skip.
internal static class PsqlCopy
{
    private const string BareSchema = """
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

    private const string ConstrainedSchema = """
        DROP TABLE IF EXISTS bench_entitlement, bench_member;
        CREATE TABLE bench_member (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            public_id text NOT NULL UNIQUE DEFAULT replace(gen_random_uuid()::text, '-', ''),
            email text NOT NULL UNIQUE,
            inbox_opt_in smallint NOT NULL CHECK (inbox_opt_in IN (0, 1)),
            withdrawn_on date,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE bench_entitlement (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            email text NOT NULL REFERENCES bench_member (email),
            campaign_code text NOT NULL CHECK (campaign_code ~ '^[A-Za-z0-9_-]{1,64}$'),
            units integer NOT NULL CHECK (units > 0),
            won_yen bigint NOT NULL CHECK (won_yen >= 0),
            charged_yen bigint NOT NULL CHECK (charged_yen >= 0),
            application_id text NULL UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (campaign_code, email));
        CREATE INDEX ON bench_entitlement (email);
        CREATE INDEX ON bench_entitlement (campaign_code, email) WHERE charged_yen < won_yen;
        """;

    public static Task<(TimeSpan Elapsed, long Rows)> BareAsync(
        NpgsqlConnectionStringBuilder bench,
        MemberData data,
        CancellationToken cancellationToken
    ) =>
        RunAsync(
            bench,
            BareSchema,
            Copy("bench_roster_row", data.RosterCsv) + "\n" + Copy("bench_entitlement_row", data.EntitlementsCsv),
            "SELECT (SELECT count(*) FROM bench_roster_row) + (SELECT count(*) FROM bench_entitlement_row)",
            cancellationToken
        );

    public static Task<(TimeSpan Elapsed, long Rows)> ConstrainedAsync(
        NpgsqlConnectionStringBuilder bench,
        MemberData data,
        CancellationToken cancellationToken
    ) =>
        RunAsync(
            bench,
            ConstrainedSchema,
            Copy("bench_member (email, inbox_opt_in, withdrawn_on)", data.RosterCsv)
                + "\n"
                + Copy("bench_entitlement (email, campaign_code, units, won_yen, charged_yen)", data.EntitlementsCsv),
            "SELECT (SELECT count(*) FROM bench_member) + (SELECT count(*) FROM bench_entitlement)",
            cancellationToken
        );

    // One psql meta-command a line: \copy ends at the newline, so it cannot be wrapped.
    private static string Copy(string target, string csv) =>
        $"\\copy {target} FROM '{csv}' WITH (FORMAT csv, HEADER true)";

    private static async Task<(TimeSpan Elapsed, long Rows)> RunAsync(
        NpgsqlConnectionStringBuilder bench,
        string schema,
        string copy,
        string count,
        CancellationToken cancellationToken
    )
    {
        await BenchDatabase.ExecuteAsync(bench, schema, cancellationToken);
        var clock = Stopwatch.StartNew();
        await Psql.RunAsync(bench, copy, cancellationToken);
        clock.Stop();

        await using var connection = new NpgsqlConnection(bench.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var rows = new NpgsqlCommand(count, connection);
        return (clock.Elapsed, (long)(await rows.ExecuteScalarAsync(cancellationToken))!);
    }
}
