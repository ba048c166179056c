using Habatan.Infrastructure.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Habatan.Notifications.Email;

public static class EmailServiceCollectionExtensions
{
    public const string ConnectionName = "mail";

    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        var connectionString =
            builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not configured.");
        var endpoint = SmtpEndpoint.Parse(connectionString);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section);
        builder.Services.AddSingleton(endpoint);
        builder.Services.AddSingleton<EmailTelemetry>();
        builder.Services.AddSingleton<IEmailSender, MailKitEmailSender>();
        builder.Services.AddSingleton<EmailDeliveries>();
        // An SMTP outage delays mail (consumers retry) but the service still takes requests.
        builder
            .Services.AddHealthChecks()
            .AddCheck<SmtpHealthCheck>(
                "smtp",
                failureStatus: HealthStatus.Degraded,
                tags: ["ready", DegradingChecks.Tag]
            );
        return builder;
    }
}
