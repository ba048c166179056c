using Npgsql;

namespace Habatan.TestSupport;

// A throw-away PostgreSQL server on a free port, started by eng/run-postgres.sh.
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Password = "test-superuser";
    private readonly ServerProcess _process;
    private readonly string _dataDirectory;

    private PostgresServer(ServerProcess process, string dataDirectory, int port)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var dataDirectory = RepositoryPaths.TestData("postgres");
        var port = FreePort.Next();
        var process = ServerProcess.Start(
            "bash",
            ["eng/run-postgres.sh", dataDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = Password }
        );
        var server = new PostgresServer(process, dataDirectory, port);
        await process.WaitUntilAsync(server.AcceptsConnectionsAsync, TimeSpan.FromSeconds(60), "PostgreSQL");
        return server;
    }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database};"
        + "Include Error Detail=true";

    // A fresh database per test class keeps tests independent without a server each.
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    // The database goes away under its clients (fast shutdown); DisposeAsync still cleans up.
    public Task StopAsync() => _process.InterruptAsync();

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _process.DisposeAsync();
        RepositoryPaths.TryDelete(_dataDirectory);
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false;Timeout=2");
            await connection.OpenAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
        {
            return false;
        }
    }
}
