namespace Habatan.Infrastructure.Migrations;

// A small runner instead of a library: the scripts are plain SQL, applied in one transaction
// under an advisory lock, so two instances starting at once never apply a script twice, and a
// failed script leaves the database as it was. An edited script that was already applied is
// refused (checksum), because the databases it ran on would silently differ from new ones.
public sealed partial class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    private const long LockKey = 0x4861_6261_7461_6E; // "Habatan"

    public async Task ApplyAsync(IEnumerable<Migration> migrations, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migration (
                scope      text        NOT NULL,
                version    integer     NOT NULL,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (scope, version))
            """, cancellationToken);

        var applied = await LoadAppliedAsync(connection, transaction, cancellationToken);
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue((migration.Scope, migration.Version), out var checksum))
            {
                if (checksum != migration.Checksum)
                    throw new InvalidOperationException($"Migration {migration.Scope}/{migration.Version:D4}_{migration.Name} was changed after it was applied. Add a new migration instead.");
                continue;
            }

            LogApplying(logger, migration.Scope, migration.Version, migration.Name);
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migration (scope, version, name, checksum) VALUES ($1, $2, $3, $4)", connection, transaction)
            {
                Parameters = { new() { Value = migration.Scope }, new() { Value = migration.Version }, new() { Value = migration.Name }, new() { Value = migration.Checksum } },
            };
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<Dictionary<(string, int), string>> LoadAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<(string, int), string>();
        await using var command = new NpgsqlCommand("SELECT scope, version, checksum FROM schema_migration", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            applied[(reader.GetString(0), reader.GetInt32(1))] = reader.GetString(2);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "Applying migration {Scope}/{Version:D4}_{Name}")]
    private static partial void LogApplying(ILogger logger, string scope, int version, string name);
}
