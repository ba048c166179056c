using System.Globalization;
using Habatan.Contracts.SignIn;
using Habatan.Notifications.Email;
using Habatan.Notifications.SignInCodes;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.Tests.SignInCodes;

[Collection(ServersCollection.Name)]
public sealed class SignInCodeDeliveryTests(ServersFixture servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // After the expected mail is there: long enough for a wrongly sent second one to arrive too.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private NotificationsService Service => servers.Service;

    [Fact]
    public async Task RequestedCodeIsMailedOnceAndRecorded()
    {
        var request = NewRequest();

        await PublishAsync(request);

        var mail = await SingleMailToAsync(request.Email);
        Assert.Equal(SignInCodeEmail.Subject, mail.Subject);
        Assert.Contains(request.Code, mail.PlainText, StringComparison.Ordinal);
        Assert.Contains("分以内", mail.PlainText, StringComparison.Ordinal);
        Assert.Contains("はばタン事務局", mail.From, StringComparison.Ordinal);
        Assert.Contains("<no-reply@habatan.example.jp>", mail.From, StringComparison.Ordinal);

        var delivery = Assert.Single(await Service.DeliveriesAsync(request.RequestId));
        Assert.Equal(
            (SignInCodeEmail.Kind, DeliveryStatus.Sent, 1),
            (delivery.Kind, delivery.Status, delivery.Attempts)
        );
        Assert.NotNull(delivery.SentAt);
        Assert.Equal(RecipientHash.Of(request.Email), delivery.RecipientHash);
        Assert.Equal(EmailMask.Mask(request.Email), delivery.RecipientMasked);
    }

    [Fact]
    public async Task SameMessageDeliveredTwiceIsMailedOnce()
    {
        var request = NewRequest();
        var messageId = NewId.NextGuid();

        await PublishAsync(request, messageId);
        await PublishAsync(request, messageId);

        await SingleMailToAsync(request.Email);
        Assert.True(
            await Eventually.HoldsAsync(
                () =>
                    Service.Logs.Entries.Any(e =>
                        e.Text.Contains($"Message {messageId} was already handled", StringComparison.Ordinal)
                    ),
                Patience
            ),
            "the second copy was not seen by the inbox"
        );
        await Task.Delay(Settle);
        Assert.Single(await servers.MailSink.MessagesToAsync(request.Email));
        Assert.Single(await Service.DeliveriesAsync(request.RequestId));
    }

    [Fact]
    public async Task SameRequestUnderAnotherMessageIdIsMailedOnce()
    {
        var request = NewRequest();

        await PublishAsync(request);
        await PublishAsync(request);

        await SingleMailToAsync(request.Email);
        Assert.True(
            await Eventually.HoldsAsync(
                () =>
                    Service.Logs.Entries.Any(e =>
                        e.Text.Contains($"request {request.RequestId} was mailed already", StringComparison.Ordinal)
                    ),
                Patience
            ),
            "the second request was not skipped"
        );
        await Task.Delay(Settle);
        Assert.Single(await servers.MailSink.MessagesToAsync(request.Email));
        Assert.Single(await Service.DeliveriesAsync(request.RequestId));
    }

    [Fact]
    public async Task FailedSendIsRetriedAndMailedOnce()
    {
        var request = NewRequest();
        Service.Sender.FailTimes(request.Email, 2);

        await PublishAsync(request);

        var mail = await SingleMailToAsync(request.Email);
        Assert.Contains(request.Code, mail.PlainText, StringComparison.Ordinal);
        // The two failed attempts rolled their rows back; the one that sent is the third.
        var delivery = Assert.Single(await Service.DeliveriesAsync(request.RequestId));
        Assert.Equal((DeliveryStatus.Sent, 3), (delivery.Status, delivery.Attempts));
    }

    // Issue #17: the send is recorded outside the consumer's transaction, so a retry after a
    // failed commit finds it and does not mail the code again.
    [Fact]
    public async Task CommitFailingAfterTheSendDoesNotMailASecondCopy()
    {
        var request = NewRequest();
        var messageId = NewId.NextGuid();
        await using var failure = await CommitFailure.OnceForAsync(Service, messageId);

        await PublishAsync(request, messageId);

        await SingleMailToAsync(request.Email);
        Assert.True(
            await Eventually.HoldsAsync(async () => await failure.CommitsAsync() >= 2, Patience),
            "the commit did not fail and retry"
        );
        Assert.True(
            await Eventually.HoldsAsync(
                () =>
                    Service.Logs.Entries.Any(e =>
                        e.Text.Contains(
                            $"request {request.RequestId} was mailed already (Sent)",
                            StringComparison.Ordinal
                        )
                    ),
                Patience
            ),
            "the retry did not find the recorded send"
        );
        await Task.Delay(Settle);
        Assert.Single(await servers.MailSink.MessagesToAsync(request.Email));
        Assert.Equal(1, servers.Relay.Arrived(request.Email));
        // Attempts may be 2 on a loaded machine: a first send the server did not take (a timeout
        // before DATA) is tried again by the message retry, as it should; one mail arrived.
        var delivery = Assert.Single(await Service.DeliveriesAsync(request.RequestId));
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
    }

    // A sender recorded its intent and died before the outcome: the mail may have gone out, so
    // the next copy of the request marks it Unknown and does not send it.
    [Fact]
    public async Task SendWithoutARecordedOutcomeIsUnknownAndNotSentAgain()
    {
        var request = NewRequest();
        await Service.ExecuteAsync(
            $"""
            INSERT INTO email_delivery
                (id, kind, request_id, message_id, recipient_hash, recipient_masked, status, attempts)
            VALUES (gen_random_uuid(), '{SignInCodeEmail.Kind}', '{request.RequestId}', gen_random_uuid(),
                    '{RecipientHash.Of(request.Email)}', '{EmailMask.Mask(request.Email)}', 'Sending', 1)
            """
        );

        await PublishAsync(request);

        Assert.True(
            await Eventually.HoldsAsync(
                async () => (await Service.DeliveriesAsync(request.RequestId)) is [{ Status: DeliveryStatus.Unknown }],
                Patience
            ),
            "the lost send was not marked Unknown"
        );
        await Task.Delay(Settle);
        Assert.Equal(0, servers.Relay.Attempts(request.Email));
        Assert.Empty(await servers.MailSink.MessagesToAsync(request.Email));
    }

    // Issue #17: through the real SMTP path, a 4xx is retried until accepted, a 5xx is final
    // with its code, and a connection lost after DATA is Unknown and never sent again.
    [Theory]
    [InlineData(RelayAnswer.TemporaryAtRcpt, 2, DeliveryStatus.Sent, 3, null, 1)]
    [InlineData(RelayAnswer.PermanentAtRcpt, 1, DeliveryStatus.Failed, 1, 550, 0)]
    [InlineData(RelayAnswer.DropAfterData, 1, DeliveryStatus.Unknown, 1, null, 1)]
    public async Task EachSmtpOutcomeIsRecorded(
        RelayAnswer answer,
        int times,
        string status,
        int attempts,
        int? replyCode,
        int arrived
    )
    {
        var request = NewRequest();
        servers.Relay.Answer(request.Email, answer, times);

        await PublishAsync(request);

        Assert.True(
            await Eventually.HoldsAsync(
                async () =>
                    (await Service.DeliveriesAsync(request.RequestId))
                        is [{ Status: not "Sending" and not "NotAccepted" }],
                Patience
            ),
            "no outcome was recorded"
        );
        await Task.Delay(Settle);
        var delivery = Assert.Single(await Service.DeliveriesAsync(request.RequestId));
        Assert.Equal((status, replyCode), (delivery.Status, delivery.ReplyCode));
        // The relay sees at least the attempts its answers ask for; the row counts those and any
        // attempt that failed before reaching the relay on a loaded machine (a timeout before
        // DATA is not accepted and is tried again, as it should be).
        Assert.InRange(servers.Relay.Attempts(request.Email), attempts, delivery.Attempts);
        Assert.Equal(arrived, servers.Relay.Arrived(request.Email));
        var forwarded = await servers.MailSink.SettledMessagesToAsync(request.Email, arrived, Patience, Settle);
        Assert.Equal(arrived, forwarded.Count);
    }

    [Fact]
    public async Task ExpiredCodeIsRecordedButNotMailed()
    {
        var request = NewRequest() with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) };

        await PublishAsync(request);

        Assert.True(
            await Eventually.HoldsAsync(
                async () => (await Service.DeliveriesAsync(request.RequestId)).Count == 1,
                Patience
            )
        );
        Assert.Equal(DeliveryStatus.Expired, (await Service.DeliveriesAsync(request.RequestId))[0].Status);
        await Task.Delay(Settle);
        Assert.Empty(await servers.MailSink.MessagesToAsync(request.Email));
    }

    [Fact]
    public async Task NeitherTheCodeNorTheAddressAppearsInLogsOrTraces()
    {
        var request = NewRequest();
        Service.Sender.FailTimes(request.Email, 1);

        await PublishAsync(request);

        await SingleMailToAsync(request.Email);
        Assert.True(
            await Eventually.HoldsAsync(
                () =>
                    Service.Logs.Entries.Any(e =>
                        e.Text.Contains(request.RequestId.ToString(), StringComparison.Ordinal)
                        && e.Text.Contains(EmailMask.Mask(request.Email), StringComparison.Ordinal)
                    ),
                Patience
            ),
            "the masked send was not logged"
        );

        var logs = Service.Logs.Entries;
        Assert.Contains(logs, e => e.Text.Contains("Planned SMTP failure", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, e => e.Text.Contains(request.Code, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, e => e.Text.Contains(request.Email, StringComparison.OrdinalIgnoreCase));
        var spans = servers.Activities.Texts;
        Assert.Contains(spans, t => t.Contains("smtp send", StringComparison.Ordinal));
        Assert.DoesNotContain(spans, t => t.Contains(request.Code, StringComparison.Ordinal));
        Assert.DoesNotContain(spans, t => t.Contains(request.Email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task HealthReportsTheSmtpServer()
    {
        var health = Service.Services.GetRequiredService<HealthCheckService>();

        var report = await health.CheckHealthAsync(r => r.Name == "smtp");
        Assert.Equal(HealthStatus.Healthy, report.Entries["smtp"].Status);

        var closed = new SmtpHealthCheck(SmtpEndpoint.Parse($"smtp://127.0.0.1:{FreePort.Next()}"));
        var registration = new HealthCheckRegistration("smtp", closed, HealthStatus.Unhealthy, ["ready"]);
        var down = await closed.CheckHealthAsync(new HealthCheckContext { Registration = registration });
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
    }

    [Fact]
    public async Task AnSmtpOutageDegradesTheServiceWithoutTakingItOutOfRotation()
    {
        // The check as the service registered it, pointed at a port where nothing answers.
        var registered = Service
            .Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>()
            .Value.Registrations.Single(r => r.Name == "smtp");
        var closed = new SmtpHealthCheck(SmtpEndpoint.Parse($"smtp://127.0.0.1:{FreePort.Next()}"));

        var down = await closed.CheckHealthAsync(new HealthCheckContext { Registration = registered });

        Assert.Equal(HealthStatus.Degraded, down.Status);
        Assert.Contains(Habatan.Infrastructure.Health.DegradingChecks.Tag, registered.Tags);
    }

    // A new address per test: the sink is shared by the whole collection.
    private static SignInCodeRequested NewRequest()
    {
        var code = Random.Shared.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        return new SignInCodeRequested(
            Guid.NewGuid(),
            $"member-{Guid.NewGuid():N}@example.com",
            code,
            DateTimeOffset.UtcNow.AddMinutes(10)
        );
    }

    private async Task PublishAsync(SignInCodeRequested request, Guid? messageId = null)
    {
        var bus = Service.Services.GetRequiredService<IBus>();
        using var timeout = new CancellationTokenSource(Patience);
        await bus.Publish(request, context => context.MessageId = messageId ?? NewId.NextGuid(), timeout.Token);
    }

    private async Task<MailSinkMessage> SingleMailToAsync(string address) =>
        Assert.Single(await servers.MailSink.SettledMessagesToAsync(address, 1, Patience, Settle));
}
