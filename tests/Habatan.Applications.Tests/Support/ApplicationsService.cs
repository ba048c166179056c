using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Habatan.Applications.Tests.Support;

// The Applications service exactly as Program.cs builds it (migrations, token checks, every
// API), on real PostgreSQL and RabbitMQ, with tokens signed by a key of the test's own.
public sealed class ApplicationsService : WebApplicationFactory<Program>
{
    public ApplicationsService(string databaseConnectionString, Uri broker)
    {
        // Program.cs reads these before the factory's own overrides apply, so they go in the
        // environment; one service per test process, so nothing else reads them.
        Environment.SetEnvironmentVariable("ConnectionStrings__applicationsdb", databaseConnectionString);
        Environment.SetEnvironmentVariable("ConnectionStrings__messaging", broker.ToString());
        Environment.SetEnvironmentVariable("Authentication__PublicKey", Tokens.PublicKeyPem);
        Environment.SetEnvironmentVariable(
            "Applications__Documents__MaxBytes",
            MaxImageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)
        );
        Database = NpgsqlDataSource.Create(databaseConnectionString);
    }

    public const int MaxImageBytes = 256 * 1024;

    public NpgsqlDataSource Database { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public TestTokens Tokens { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));

    public HttpClient ClientFor(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(new() { Value = parameter });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<string?> TextAsync(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(new() { Value = parameter });
        return await command.ExecuteScalarAsync() as string;
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(new() { Value = parameter });
        await command.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        Tokens.Dispose();
    }
}
