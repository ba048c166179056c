using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Habatan.Notifications.Email;

public static class EmailServiceCollectionExtensions
{
    public const string ConnectionName = "mail";

    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not configured.");
        var endpoint = SmtpEndpoint.Parse(connectionString);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section);
        builder.Services.AddSingleton(endpoint);
        builder.Services.AddSingleton<EmailTelemetry>();
        builder.Services.AddSingleton<IEmailSender, MailKitEmailSender>();
        builder.Services.AddHealthChecks().AddCheck<SmtpHealthCheck>("smtp", tags: ["ready"]);
        return builder;
    }
}
