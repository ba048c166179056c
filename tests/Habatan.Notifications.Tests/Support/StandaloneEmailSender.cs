using Habatan.Notifications.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.Tests.Support;

// The production MailKit sender on its own, pointed at a test server: the real SMTP path
// without the rest of the service.
public sealed class StandaloneEmailSender : IAsyncDisposable
{
    private readonly ServiceProvider _meters;
    private readonly EmailTelemetry _telemetry;

    public StandaloneEmailSender(string connectionString, TimeSpan timeout)
    {
        _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _telemetry = new EmailTelemetry(_meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        Sender = new MailKitEmailSender(
            SmtpEndpoint.Parse(connectionString),
            Options.Create(new EmailOptions { Timeout = timeout }),
            _telemetry,
            TimeProvider.System,
            NullLogger<MailKitEmailSender>.Instance
        );
    }

    public MailKitEmailSender Sender { get; }

    public async ValueTask DisposeAsync()
    {
        await Sender.DisposeAsync();
        _telemetry.Dispose();
        await _meters.DisposeAsync();
    }
}
