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
        var request = new ApplicationCorrectionRequested(
            Guid.NewGuid(),
            "HP4-0004522219",
            "hp4-kosodate-2",
            member,
            $"applicant-{Guid.NewGuid():N}@example.com",
            ["本人確認書類の裏面が読み取れません", "世帯主の氏名が住民票と異なります"],
            DateTimeOffset.UtcNow
        );
        var bus = servers.Service.Services.GetRequiredService<IBus>();

        await bus.Publish(request, context => context.MessageId = NewId.NextGuid());
        await bus.Publish(request, context => context.MessageId = NewId.NextGuid());

        Assert.True(
            await Eventually.HoldsAsync(
                async () => (await servers.MailSink.MessagesToAsync(request.Email)).Count > 0,
                TimeSpan.FromSeconds(60)
            )
        );
        await Task.Delay(TimeSpan.FromSeconds(2));
        var mail = Assert.Single(await servers.MailSink.MessagesToAsync(request.Email));
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
}
