using Npgsql;

namespace Habatan.Provisioning;

// Runs the embedded provisioning scripts (Sql/NNNN_*.sql) for each service, in order. The same
// code serves the AppHost's local servers (the "databases" resource) and a platform team's
// managed PostgreSQL, so a login per service means the same thing in both.
public static class DatabaseProvisioner
{
    public static async Task ProvisionAsync(
        string adminConnectionString,
        IReadOnlyDictionary<string, string> passwordsByService,
        TextWriter log,
        CancellationToken cancellationToken = default
    )
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var (service, password) in passwordsByService)
        {
            foreach (var (script, statements) in Scripts())
            {
                foreach (var statement in statements)
                    await RunAsync(connection, statement, service, password, cancellationToken);
                await log.WriteLineAsync($"{script}: database {service}db ready for login {service}");
            }
        }
    }

    private static async Task RunAsync(
        NpgsqlConnection connection,
        string query,
        string service,
        string password,
        CancellationToken cancellationToken
    )
    {
        string? ddl;
        await using (var command = new NpgsqlCommand(query, connection))
        {
            command.Parameters.AddWithValue("role", service);
            command.Parameters.AddWithValue("password", password);
            command.Parameters.AddWithValue("db", $"{service}db");
            ddl = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        if (ddl is null)
            return;
        await using var run = new NpgsqlCommand(ddl, connection);
        await run.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IEnumerable<(string Name, string[] Statements)> Scripts()
    {
        var assembly = typeof(DatabaseProvisioner).Assembly;
        var names = assembly
            .GetManifestResourceNames()
            .Where(n => n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var sql = SplitStatements(reader.ReadToEnd());
            yield return (name["Habatan.Provisioning.Sql.".Length..^4], sql);
        }
    }

    private static bool IsNotComment(string line) => !line.TrimStart().StartsWith("--", StringComparison.Ordinal);

    // Statements end with ";" at a line's end; comment lines are dropped.
    private static string[] SplitStatements(string script) =>
        string.Join('\n', script.Split('\n').Where(IsNotComment))
            .Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.TrimEnd(';'))
            .Where(s => s.Length > 0)
            .ToArray();
}
