namespace Habatan.Infrastructure.Migrations;

// A small runner instead of a library: the scripts are plain SQL, applied under an advisory
// lock, so two instances starting at once never apply a script twice. Consecutive scripts share
// one transaction, so a failed script leaves the database as it was; a script marked
// no-transaction (Migration.NoTransactionMarker) commits what came before it and runs alone.
// An edited script that was already applied is refused (checksum), because the databases it
// ran on would silently differ from new ones.
public sealed partial class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    private const long LockKey = 0x4861_6261_7461_6E; // "Habatan"

    public async Task ApplyAsync(IEnumerable<Migration> migrations, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // A session lock, not a transaction's: it must outlive the commits around a
        // no-transaction script. Closing the connection releases it whatever happens.
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ApplyLockedAsync(connection, migrations, cancellationToken);
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    // The scripts not applied yet, for a service that must not migrate itself: it refuses to
    // start rather than run against an older schema. An edited script counts as missing.
    public async Task<IReadOnlyList<Migration>> FindMissingAsync(
        IEnumerable<Migration> migrations,
        CancellationToken cancellationToken = default
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_migration') IS NOT NULL", connection);
        var applied = (bool)(await exists.ExecuteScalarAsync(cancellationToken))!
            ? await LoadAppliedAsync(connection, null, cancellationToken)
            : [];
        return migrations
            .Where(m => !applied.TryGetValue((m.Scope, m.Version), out var checksum) || checksum != m.Checksum)
            .ToList();
    }

    private async Task ApplyLockedAsync(
        NpgsqlConnection connection,
        IEnumerable<Migration> migrations,
        CancellationToken cancellationToken
    )
    {
        await ExecuteAsync(
            connection,
            null,
            """
            CREATE TABLE IF NOT EXISTS schema_migration (
                scope      text        NOT NULL,
                version    integer     NOT NULL,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (scope, version))
            """,
            cancellationToken
        );

        var applied = await LoadAppliedAsync(connection, null, cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            foreach (var migration in migrations)
            {
                if (applied.TryGetValue((migration.Scope, migration.Version), out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration} was changed after it was applied. Add a new migration instead."
                        );
                    }
                    continue;
                }

                if (!migration.RunsInTransaction && transaction is not null)
                {
                    await transaction.CommitAsync(cancellationToken);
                    await transaction.DisposeAsync();
                    transaction = null;
                }
                else if (migration.RunsInTransaction)
                {
                    transaction ??= await connection.BeginTransactionAsync(cancellationToken);
                }

                LogApplying(logger, migration.Scope, migration.Version, migration.Name, migration.RunsInTransaction);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await RecordAsync(connection, transaction, migration, cancellationToken);
            }

            if (transaction is not null)
                await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (transaction is not null)
                await transaction.DisposeAsync();
        }
    }

    private static async Task RecordAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        Migration migration,
        CancellationToken cancellationToken
    )
    {
        await using var record = new NpgsqlCommand(
            """
            INSERT INTO schema_migration (scope, version, name, checksum)
            VALUES ($1, $2, $3, $4)
            """,
            connection,
            transaction
        )
        {
            Parameters =
            {
                new() { Value = migration.Scope },
                new() { Value = migration.Version },
                new() { Value = migration.Name },
                new() { Value = migration.Checksum },
            },
        };
        await record.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Dictionary<(string, int), string>> LoadAppliedAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        CancellationToken cancellationToken
    )
    {
        var applied = new Dictionary<(string, int), string>();
        await using var command = new NpgsqlCommand(
            "SELECT scope, version, checksum FROM schema_migration",
            connection,
            transaction
        );
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            applied[(reader.GetString(0), reader.GetInt32(1))] = reader.GetString(2);
        return applied;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string sql,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(
        LogLevel.Information,
        "Applying migration {Scope}/{Version:D4}_{Name} (in a transaction: {InTransaction})"
    )]
    private static partial void LogApplying(ILogger logger, string scope, int version, string name, bool inTransaction);
}
