using Habatan.Notifications.Email;

namespace Habatan.Notifications.Tests.Email;

// Each way an SMTP server can answer, through the production MailKit sender and a relay that
// answers as told: what the sender reports, and whether the mail can have arrived.
public sealed class SendOutcomeThroughRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(3);
    private SmtpRelay _relay = null!;
    private StandaloneEmailSender _standalone = null!;

    public async Task InitializeAsync()
    {
        _relay = await SmtpRelay.StartAsync(stall: TimeSpan.FromSeconds(20));
        _standalone = new StandaloneEmailSender(_relay.ConnectionString, ClientTimeout);
    }

    public async Task DisposeAsync()
    {
        await _standalone.DisposeAsync();
        await _relay.DisposeAsync();
    }

    [Theory]
    [InlineData(RelayAnswer.TemporaryAtRcpt, SendOutcome.NotAccepted, 451, 0)]
    [InlineData(RelayAnswer.TemporaryAtData, SendOutcome.NotAccepted, 451, 0)]
    [InlineData(RelayAnswer.PermanentAtRcpt, SendOutcome.Refused, 550, 0)]
    [InlineData(RelayAnswer.PermanentAtData, SendOutcome.Refused, 554, 0)]
    [InlineData(RelayAnswer.DropBeforeData, SendOutcome.NotAccepted, null, 0)]
    [InlineData(RelayAnswer.DropAfterData, SendOutcome.Unknown, null, 1)]
    [InlineData(RelayAnswer.StallAfterData, SendOutcome.Unknown, null, 1)]
    public async Task EachAnswerHasItsOutcome(RelayAnswer answer, SendOutcome outcome, int? replyCode, int arrived)
    {
        var to = NewAddress();
        _relay.Answer(to, answer, times: 1);

        var error = await Assert.ThrowsAsync<EmailSendException>(() => SendAsync(to));

        Assert.Equal((outcome, replyCode), (error.Outcome, error.ReplyCode));
        Assert.Equal(arrived, _relay.Arrived(to));
        // Neither the reply text nor the address is in the message.
        Assert.DoesNotContain(to, error.ToString(), StringComparison.OrdinalIgnoreCase);

        // The broken connection was dropped, not reused: the next mail goes through.
        await SendAsync(to);
        Assert.Equal(arrived + 1, _relay.Arrived(to));
    }

    // A pooled connection the server closed while idle is not a failed attempt at the next mail:
    // the sender finds it dead before any reply and sends on a new connection.
    [Fact]
    public async Task AConnectionTheServerClosedIsReplacedWithoutAFailure()
    {
        var first = NewAddress();
        await SendAsync(first);
        var port = _relay.Port;
        await _relay.DisposeAsync();
        _relay = await SmtpRelay.StartAsync(port: port);

        var second = NewAddress();
        await SendAsync(second);

        Assert.Equal((1, 1), (_relay.Attempts(second), _relay.Arrived(second)));
    }

    [Fact]
    public async Task ARefusedConnectionIsNotAccepted()
    {
        await using var nowhere = new StandaloneEmailSender($"smtp://127.0.0.1:{FreePort.Next()}", ClientTimeout);

        var error = await Assert.ThrowsAsync<EmailSendException>(() =>
            nowhere.Sender.SendAsync(Mail(NewAddress()), CancellationToken.None)
        );

        Assert.Equal(SendOutcome.NotAccepted, error.Outcome);
    }

    [Fact]
    public async Task AnAddressThatCannotBeParsedIsRefusedWithoutAConnection()
    {
        var error = await Assert.ThrowsAsync<EmailSendException>(() => SendAsync("not an address"));

        Assert.Equal(SendOutcome.Refused, error.Outcome);
        Assert.Equal(0, _relay.Attempts("not an address"));
    }

    private async Task SendAsync(string to)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _standalone.Sender.SendAsync(Mail(to), timeout.Token);
    }

    private static EmailMessage Mail(string to) => new("test", to, "件名", "本文");

    private static string NewAddress() => $"relay-{Guid.NewGuid():N}@example.com";
}
