using Habatan.Infrastructure;
using Habatan.Notifications.Deliveries;
using Habatan.Notifications.Email;
using Habatan.Notifications.Extensions;
using Habatan.Notifications.MemberInbox;
using Habatan.Notifications.Reminders;
using Habatan.Notifications.Reminders.Series;
using Habatan.Notifications.Reports;
using Habatan.Notifications.SignInCodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Habatan.Notifications.Tests.Support;

// The Notifications service wired as in production (the same calls as Program.cs, with the
// connection strings the AppHost hands out), listening on a free local port, with every log
// entry captured and the sender wrapped so a test can make it fail.
public sealed class NotificationsService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NotificationsService(WebApplication app, CapturingLoggerProvider logs, Uri address)
    {
        _app = app;
        Logs = logs;
        Address = address;
    }

    public IServiceProvider Services => _app.Services;

    public CapturingLoggerProvider Logs { get; }

    public Uri Address { get; }

    public FlakyEmailSender Sender => _app.Services.GetRequiredService<FlakyEmailSender>();

    public static async Task<NotificationsService> StartAsync(
        string databaseConnectionString,
        Uri broker,
        string mailConnectionString,
        string tokenPublicKeyPem
    )
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions
            {
                EnvironmentName = Environments.Development,
                ApplicationName = typeof(SignInCodeRequestedConsumer).Assembly.GetName().Name,
            }
        );
        builder.WebHost.UseUrls(address.ToString());
        builder.Configuration[$"ConnectionStrings:{ServiceName.Value}db"] = databaseConnectionString;
        builder.Configuration["ConnectionStrings:messaging"] = broker.ToString();
        builder.Configuration["ConnectionStrings:mail"] = mailConnectionString;
        builder.Configuration["Authentication:PublicKey"] = tokenPublicKeyPem;
        // Quick turns for tests; production keeps the defaults.
        builder.Configuration["FanOut:IdlePoll"] = "00:00:00.100";
        builder.Configuration["Reminders:Series:Poll"] = "00:00:00.200";
        builder.Configuration["Reminders:Series:Lead"] = "00:00:04";
        builder.Configuration["Email:MaxConcurrentSends"] = "8";
        // Long enough for the relay and smtp4dev under load; a stalled relay is noticed within it.
        builder.Configuration["Email:Timeout"] = "00:00:10";
        builder.Configuration["FanOut:RetryBackoff"] = "00:00:00.200";

        builder.AddServiceDefaults();
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        // Everything, down to Trace: a code that leaks at any level leaks somewhere.
        builder.Logging.SetMinimumLevel(LogLevel.Trace);

        builder.AddNotificationsServices();
        builder.Services.AddSingleton<MailKitEmailSender>();
        builder.Services.AddSingleton(sp => new FlakyEmailSender(sp.GetRequiredService<MailKitEmailSender>()));
        builder.Services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<FlakyEmailSender>());

        var app = builder.Build();
        await app.UseServiceInfrastructureAsync(ServiceName.Value, typeof(SignInCodeRequestedConsumer).Assembly);
        app.MapRemindersApi();
        app.MapReminderApprovalApi();
        app.MapReminderSeriesApi();
        app.MapMemberDeliveriesApi();
        app.MapReminderReportApi();
        app.MapMemberInboxApi();
        await app.StartAsync();
        return new NotificationsService(app, logs, address);
    }

    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = _app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(new() { Value = parameter });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = _app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    // Each reminder mail's row by the recipient's address: status, attempts, reply code.
    public async Task<IReadOnlyList<(string Email, string Status, int Attempts, int? ReplyCode)>> DeliveryOutcomesAsync(
        Guid reminderId
    )
    {
        await using var command = _app
            .Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand(
                """
                SELECT r.email, d.status, d.attempts, d.reply_code
                FROM reminder_delivery d
                JOIN snapshot_recipient r ON r.snapshot_id = d.snapshot_id AND r.member_id = d.member_id
                WHERE d.reminder_id = $1 AND d.channel = 'email'
                """
            );
        command.Parameters.Add(new() { Value = reminderId });
        var rows = new List<(string, string, int, int?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(
                (
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3)
                )
            );
        return rows;
    }

    // The first column of every row, as text.
    public async Task<List<string>> TextsAsync(string sql, params object[] parameters)
    {
        await using var command = _app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(new() { Value = parameter });
        var texts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            texts.Add(reader.GetString(0));
        return texts;
    }

    public async Task<IReadOnlyList<DeliveryRow>> DeliveriesAsync(Guid requestId)
    {
        await using var command = _app
            .Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand(
                """
                SELECT kind, message_id, recipient_hash, recipient_masked, status, attempts, sent_at, reply_code
                FROM email_delivery WHERE request_id = $1
                """
            );
        command.Parameters.Add(new() { Value = requestId });
        var rows = new List<DeliveryRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(
                new DeliveryRow(
                    reader.GetString(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                    reader.IsDBNull(7) ? null : reader.GetInt32(7)
                )
            );
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

public sealed record DeliveryRow(
    string Kind,
    Guid MessageId,
    string RecipientHash,
    string RecipientMasked,
    string Status,
    int Attempts,
    DateTimeOffset? SentAt,
    int? ReplyCode = null
);
