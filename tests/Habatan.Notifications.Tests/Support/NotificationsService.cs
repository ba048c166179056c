using Habatan.Infrastructure.Migrations;
using Habatan.Notifications.Email;
using Habatan.Notifications.Extensions;
using Habatan.Notifications.SignInCodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Habatan.Notifications.Tests.Support;

// The Notifications service wired as in production (AddNotificationsServices with the
// connection strings the AppHost hands out), minus the web parts, with every log entry captured
// and the sender wrapped so a test can make it fail.
public sealed class NotificationsService : IAsyncDisposable
{
    private readonly IHost _host;

    private NotificationsService(IHost host, CapturingLoggerProvider logs)
    {
        _host = host;
        Logs = logs;
    }

    public IServiceProvider Services => _host.Services;

    public CapturingLoggerProvider Logs { get; }

    public FlakyEmailSender Sender => _host.Services.GetRequiredService<FlakyEmailSender>();

    public static async Task<NotificationsService> StartAsync(string databaseConnectionString, Uri broker, string mailConnectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration[$"ConnectionStrings:{ServiceName.Value}db"] = databaseConnectionString;
        builder.Configuration["ConnectionStrings:messaging"] = broker.ToString();
        builder.Configuration["ConnectionStrings:mail"] = mailConnectionString;
        // Any key will do: these tests make no authenticated calls, but the service checks tokens.
        using (var tokenKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            builder.Configuration["Authentication:PublicKey"] = tokenKey.ExportSubjectPublicKeyInfoPem();
        builder.Services.AddRouting(); // what a WebApplication would bring for the authorization services

        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        // Everything, down to Trace: a code that leaks at any level leaks somewhere.
        builder.Logging.SetMinimumLevel(LogLevel.Trace);

        builder.AddNotificationsServices();
        builder.Services.AddSingleton<MailKitEmailSender>();
        builder.Services.AddSingleton(sp => new FlakyEmailSender(sp.GetRequiredService<MailKitEmailSender>()));
        builder.Services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<FlakyEmailSender>());

        var host = builder.Build();
        await host.Services.MigrateDatabaseAsync(ServiceName.Value, typeof(SignInCodeRequestedConsumer).Assembly);
        await host.StartAsync();
        return new NotificationsService(host, logs);
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = _host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new() { Value = parameter });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<DeliveryRow>> DeliveriesAsync(Guid requestId)
    {
        await using var command = _host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            SELECT kind, message_id, recipient_hash, recipient_masked, status, attempts, sent_at FROM email_delivery WHERE request_id = $1
            """);
        command.Parameters.Add(new() { Value = requestId });
        var rows = new List<DeliveryRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new DeliveryRow(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}

public sealed record DeliveryRow(string Kind, Guid MessageId, string RecipientHash, string RecipientMasked, string Status, int Attempts, DateTimeOffset? SentAt);
