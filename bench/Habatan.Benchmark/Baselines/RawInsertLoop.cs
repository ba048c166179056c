using System.Security.Cryptography;
using Habatan.Benchmark.Data;
using Npgsql;
using NpgsqlTypes;

namespace Habatan.Benchmark.Baselines;

// Intake's floor: one autocommitted INSERT per application into a table shaped like an
// application (typed columns, integer yen, the one-valid-per-member and per-household unique
// indexes, both ID images in the row), with as many connections in flight as the HTTP burst.
internal static class RawInsertLoop
{
    private const string Schema = """
        DROP TABLE IF EXISTS bench_application;
        CREATE TABLE bench_application (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            public_id text NOT NULL UNIQUE,
            campaign_code text NOT NULL,
            owner_subject text NOT NULL,
            status text NOT NULL CHECK (status IN (
                'Submitted', 'Accepted', 'NeedsCorrection', 'Corrected', 'Approved', 'Rejected', 'Invalid')),
            name_kanji text NOT NULL,
            name_kana text NOT NULL,
            kana_key text NOT NULL,
            birth_date date NOT NULL,
            gender text NOT NULL,
            phone text NOT NULL,
            email text NOT NULL,
            postal_code text NOT NULL,
            address text NOT NULL,
            units integer NOT NULL CHECK (units BETWEEN 1 AND 4),
            purchase_yen bigint NOT NULL CHECK (purchase_yen >= 0),
            document_type text NOT NULL,
            document_front bytea NOT NULL,
            document_back bytea NOT NULL,
            submitted_at timestamptz NOT NULL DEFAULT now());
        CREATE UNIQUE INDEX ON bench_application (campaign_code, owner_subject) WHERE status <> 'Invalid';
        CREATE UNIQUE INDEX ON bench_application (campaign_code, kana_key, birth_date, phone) WHERE status <> 'Invalid';
        CREATE UNIQUE INDEX ON bench_application (campaign_code, kana_key, birth_date, address)
            WHERE status <> 'Invalid';
        """;

    private const string Insert = """
        INSERT INTO bench_application (public_id, campaign_code, owner_subject, status, name_kanji, name_kana, kana_key,
            birth_date, gender, phone, email, postal_code, address, units, purchase_yen, document_type,
            document_front, document_back)
        VALUES ($1, $2, $3, 'Submitted', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'drivers-license', $15, $16)
        """;

    public static async Task<(BurstResult Burst, long RowsStored)> RunAsync(
        NpgsqlConnectionStringBuilder bench,
        int count,
        int concurrency,
        ProgressTask progress,
        CancellationToken cancellationToken
    )
    {
        await BenchDatabase.ExecuteAsync(bench, Schema, cancellationToken);
        byte[] front = DocumentImages.Png(1),
            back = DocumentImages.Png(2);
        await using var dataSource = NpgsqlDataSource.Create(bench.ConnectionString);

        var burst = await Burst.RunAsync(
            count,
            concurrency,
            async (i, ct) =>
            {
                var a = Applicants.Get(i);
                await using var command = dataSource.CreateCommand(Insert);
                command.Parameters.AddWithValue(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
                command.Parameters.AddWithValue(Campaigns.Kosodate);
                command.Parameters.AddWithValue($"subject-{i:D7}");
                command.Parameters.AddWithValue(a.NameKanji);
                command.Parameters.AddWithValue(a.NameKana);
                command.Parameters.AddWithValue(a.NameKana.Replace(" ", "", StringComparison.Ordinal));
                command.Parameters.AddWithValue(a.BirthDate);
                command.Parameters.AddWithValue(a.Gender);
                command.Parameters.AddWithValue(a.Phone);
                command.Parameters.AddWithValue(a.Email);
                command.Parameters.AddWithValue(a.PostalCode);
                command.Parameters.AddWithValue(a.Address);
                command.Parameters.AddWithValue(a.Units);
                command.Parameters.AddWithValue(a.Units * Campaigns.UnitPriceYen);
                command.Parameters.AddWithValue(NpgsqlDbType.Bytea, front);
                command.Parameters.AddWithValue(NpgsqlDbType.Bytea, back);
                return await command.ExecuteNonQueryAsync(ct) == 1 ? 0 : Burst.Failed;
            },
            progress,
            cancellationToken
        );

        await using var rows = dataSource.CreateCommand("SELECT count(*) FROM bench_application");
        return (burst, (long)(await rows.ExecuteScalarAsync(cancellationToken))!);
    }
}
