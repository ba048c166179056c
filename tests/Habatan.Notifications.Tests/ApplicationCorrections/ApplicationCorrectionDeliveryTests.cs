using System.Net.Http.Json;
using Habatan.Contracts.Applications;
using Habatan.Notifications.ApplicationCorrections;
using Habatan.Notifications.Email;
using Habatan.Notifications.MemberInbox;
using MassTransit;

namespace Habatan.Notifications.Tests.ApplicationCorrections;

[Collection(ServersCollection.Name)]
public sealed class ApplicationCorrectionDeliveryTests(ServersFixture servers)
{
    [Fact]
    public async Task CorrectionRequestIsMailedAndPostedOnceEvenWhenRepeated()
    {
        var member = TestTokens.NewSubject();
        var request = NewRequest(member);
        var bus = servers.Service.Services.GetRequiredService<IBus>();

        await bus.Publish(request, context => context.MessageId = NewId.NextGuid());
        await bus.Publish(request, context => context.MessageId = NewId.NextGuid());

        var mail = Assert.Single(await SettledMailsToAsync(request.Email));
        Assert.Equal(ApplicationCorrectionEmail.Subject, mail.Subject);
        Assert.Contains("HP4-0004522219", mail.PlainText, StringComparison.Ordinal);
        Assert.Contains("本人確認書類の裏面が読み取れません", mail.PlainText, StringComparison.Ordinal);
        Assert.Single(await servers.Service.DeliveriesAsync(request.RequestId));

        using var client = servers.Service.CreateClient(servers.Tokens.For(member));
        var notice = Assert.Single((await client.GetFromJsonAsync<List<InboxMessage>>("/api/notifications/inbox"))!);
        Assert.Contains("HP4-0004522219", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(
            servers.Service.Logs.Entries,
            e => e.Text.Contains(request.Email, StringComparison.OrdinalIgnoreCase)
        );
        Assert.Contains(
            servers.Service.Logs.Entries,
            e => e.Text.Contains(EmailMask.Mask(request.Email), StringComparison.Ordinal)
        );
    }

    // Issue #17: the mail went out, then the consumer's commit failed; the retry posts the notice
    // (its insert was rolled back) and finds the mail recorded as sent.
    [Fact]
    public async Task CommitFailingAfterTheSendDoesNotMailASecondCopy()
    {
        var member = TestTokens.NewSubject();
        var request = NewRequest(member);
        var messageId = NewId.NextGuid();
        await using var failure = await CommitFailure.OnceForAsync(servers.Service, messageId);

        await servers.Service.Services.GetRequiredService<IBus>().Publish(request, c => c.MessageId = messageId);

        using var client = servers.Service.CreateClient(servers.Tokens.For(member));
        Assert.True(
            await Eventually.HoldsAsync(
                async () => (await client.GetFromJsonAsync<List<InboxMessage>>("/api/notifications/inbox"))!.Count > 0,
                TimeSpan.FromSeconds(60)
            ),
            "the notice was not posted"
        );
        Assert.True(await failure.CommitsAsync() >= 2, "the commit did not fail and retry");
        Assert.Single(await SettledMailsToAsync(request.Email));
        Assert.Equal(1, servers.Relay.Arrived(request.Email));
        Assert.Single((await client.GetFromJsonAsync<List<InboxMessage>>("/api/notifications/inbox"))!);
        var delivery = Assert.Single(await servers.Service.DeliveriesAsync(request.RequestId));
        Assert.Equal(("Sent", 1), (delivery.Status, delivery.Attempts));
    }

    // The notice is posted when the mail is recorded; the relay forwards to the sink after that.
    private Task<IReadOnlyList<MailSinkMessage>> SettledMailsToAsync(string address) =>
        servers.MailSink.SettledMessagesToAsync(address, 1, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2));

    private static ApplicationCorrectionRequested NewRequest(string member) =>
        new(
            Guid.NewGuid(),
            "HP4-0004522219",
            "hp4-kosodate-2",
            member,
            $"applicant-{Guid.NewGuid():N}@example.com",
            ["本人確認書類の裏面が読み取れません", "世帯主の氏名が住民票と異なります"],
            DateTimeOffset.UtcNow
        );
}
