using Npgsql;

namespace Habatan.Benchmark.Running;

// The baselines' own database on the system's PostgreSQL server: same server, same disk, same
// moment, but none of the services' tables are touched.
internal static class BenchDatabase
{
    public const string Name = "bench";

    public static async Task<NpgsqlConnectionStringBuilder> EnsureAsync(NpgsqlConnectionStringBuilder superuser)
    {
        await using (var connection = new NpgsqlConnection(superuser.ConnectionString))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = Name } },
            };
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", connection);
                await create.ExecuteNonQueryAsync();
            }
        }
        return new NpgsqlConnectionStringBuilder(superuser.ConnectionString) { Database = Name, MaxPoolSize = 200 };
    }

    // Before a timed read of freshly written tables: what the writes left the server to do later
    // (autovacuum's first pass over the new rows, the checkpoint's page writes) is done now, on
    // both sides alike, so neither side's time pays for the other's load. In a campaign the
    // reminder is resolved days after the import, against tables in this state.
    public static async Task SettleAsync(
        NpgsqlConnectionStringBuilder superuser,
        string database,
        IEnumerable<string> tables,
        CancellationToken cancellationToken
    )
    {
        var target = new NpgsqlConnectionStringBuilder(superuser.ConnectionString) { Database = database };
        // One statement each: VACUUM may not run inside the transaction a batch of statements is.
        foreach (var table in tables)
            await ExecuteAsync(target, $"VACUUM (ANALYZE) {table}", cancellationToken);
        await ExecuteAsync(target, "CHECKPOINT", cancellationToken);
    }

    public static async Task ExecuteAsync(
        NpgsqlConnectionStringBuilder database,
        string sql,
        CancellationToken cancellationToken
    )
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
