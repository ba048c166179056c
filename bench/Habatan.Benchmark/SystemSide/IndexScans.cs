using Npgsql;

namespace Habatan.Benchmark.SystemSide;

// Which indexes of a service's table were scanned while the system worked, from PostgreSQL's
// own statistics: the system's plan, seen without knowing its SQL. Backends report their
// counters when idle, so the reading waits until they moved (or a grace period ends).
internal static class IndexScans
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    public static async Task<IReadOnlyDictionary<string, long>> ReadAsync(
        NpgsqlConnectionStringBuilder superuser,
        string database,
        string table,
        CancellationToken cancellationToken
    )
    {
        var builder = new NpgsqlConnectionStringBuilder(superuser.ConnectionString)
        {
            Database = database,
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // A connection of its own per reading: the stats as they are now, not a cached first look.
        await using var command = new NpgsqlCommand(
            "SELECT indexrelname, idx_scan FROM pg_stat_user_indexes WHERE relname = $1",
            connection
        )
        {
            Parameters = { new() { Value = table } },
        };
        var scans = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            scans[reader.GetString(0)] = reader.GetInt64(1);
        return scans;
    }

    // The indexes whose scan count grew since `before`, with how much.
    public static async Task<IReadOnlyDictionary<string, long>> SinceAsync(
        IReadOnlyDictionary<string, long> before,
        NpgsqlConnectionStringBuilder superuser,
        string database,
        string table,
        CancellationToken cancellationToken
    )
    {
        var after = await Eventually.GetAsync(
            () => ReadAsync(superuser, database, table, cancellationToken),
            now => Grown(before, now).Count > 0,
            Grace
        );
        return Grown(before, after);
    }

    private static Dictionary<string, long> Grown(
        IReadOnlyDictionary<string, long> before,
        IReadOnlyDictionary<string, long> after
    ) =>
        after
            .Where(a => a.Value > before.GetValueOrDefault(a.Key))
            .ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key));
}
