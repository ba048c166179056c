using Habatan.Notifications.Email;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.Tests.Email;

public sealed class SmtpNeverDowngradesWithCredentialsTests
{
    [Fact]
    public async Task ARelayWithoutStartTlsGetsNeitherThePasswordNorTheMail()
    {
        await using var relay = new PlainSmtpServer();
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var telemetry = new EmailTelemetry(meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        await using var sender = new MailKitEmailSender(
            SmtpEndpoint.Parse($"smtp://mailer:secret@127.0.0.1:{relay.Port}"),
            Options.Create(new EmailOptions { Timeout = TimeSpan.FromSeconds(10) }),
            telemetry,
            TimeProvider.System,
            NullLogger<MailKitEmailSender>.Instance
        );

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<EmailSendException>(() =>
            sender.SendAsync(new EmailMessage("test", "someone@example.jp", "件名", "本文"), timeout.Token)
        );

        Assert.Contains("does not offer STARTTLS", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(relay.Received, line => line.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(relay.Received, line => line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(relay.Received, line => line.Contains("secret", StringComparison.Ordinal));
    }
}
