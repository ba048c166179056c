using Habatan.Notifications.Email;

namespace Habatan.Notifications.Tests.Email;

public sealed class SmtpNeverDowngradesWithCredentialsTests
{
    [Fact]
    public async Task ARelayWithoutStartTlsGetsNeitherThePasswordNorTheMail()
    {
        await using var relay = new PlainSmtpServer();
        await using var standalone = new StandaloneEmailSender(
            $"smtp://mailer:secret@127.0.0.1:{relay.Port}",
            TimeSpan.FromSeconds(10)
        );
        var sender = standalone.Sender;

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
