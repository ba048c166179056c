using Habatan.Infrastructure.Migrations;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Habatan.Infrastructure.Tests.Support;

// A service as production wires it (AddServiceMessaging over its own database and the real
// broker), minus the web parts: what the outbox and inbox tests run against.
public sealed class TestService : IAsyncDisposable
{
    private readonly IHost _host;

    private TestService(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public NpgsqlDataSource DataSource => _host.Services.GetRequiredService<NpgsqlDataSource>();

    public static async Task<TestService> StartAsync(
        string serviceName,
        string connectionString,
        Uri broker,
        Action<IBusRegistrationConfigurator>? consumers = null,
        Action<IServiceCollection>? services = null,
        string? schemaSql = null,
        IReadOnlyDictionary<string, string?>? settings = null
    )
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Messaging:Outbox:RetryDelay"] = "00:00:00.500";
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddServiceMessaging(serviceName, broker, bus => consumers?.Invoke(bus));
        services?.Invoke(builder.Services);
        var host = builder.Build();

        await host.Services.MigrateDatabaseAsync(serviceName, typeof(TestService).Assembly);
        if (schemaSql is not null)
        {
            await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(schemaSql);
            await command.ExecuteNonQueryAsync();
        }
        await host.StartAsync();
        return new TestService(host);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<string?> TextAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync() as string;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}
