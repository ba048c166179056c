using System.Net.Http.Json;
using Habatan.Contracts.Audit;
using Habatan.Infrastructure.Data;
using Habatan.Notifications.MemberInbox;
using MassTransit;

namespace Habatan.Notifications.Tests.MemberInbox;

// #18: the leak tripwire's notice reaches every admin's inbox once, even when redelivered; and
// the inbox is owner-bound by row-level security (0009_member_inbox_row_security.sql).
[Collection(ServersCollection.Name)]
public sealed class AdminNoticeTests(ServersFixture servers)
{
    [Fact]
    public async Task TheLeakNoticeIsPostedOnceToEachAdminAndToNobodyElse()
    {
        string[] admins = [TestTokens.NewSubject(), TestTokens.NewSubject()];
        var bystander = TestTokens.NewSubject();
        var notice = new AdminNoticeRequested(
            Guid.NewGuid(),
            admins,
            "【緊急】漏えいの疑い",
            "キャンペーンを停止しました。"
        );
        var bus = servers.Service.Services.GetRequiredService<IBus>();

        await bus.Publish(notice, context => context.MessageId = NewId.NextGuid());
        await bus.Publish(notice, context => context.MessageId = NewId.NextGuid());

        await PostedToAsync(notice, 2);
        foreach (var admin in admins)
        {
            using var client = servers.Service.CreateClient(servers.Tokens.For(admin));
            var inbox = (await client.GetFromJsonAsync<List<InboxMessage>>("/api/notifications/inbox"))!;
            Assert.Equal(notice.Subject, Assert.Single(inbox).Subject);
        }
        using var other = servers.Service.CreateClient(servers.Tokens.For(bystander));
        Assert.Empty((await other.GetFromJsonAsync<List<InboxMessage>>("/api/notifications/inbox"))!);
    }

    [Fact]
    public async Task AnUnfilteredInboxQueryUnderTheMemberRoleReturnsOnlyTheCallersNotices()
    {
        string[] members = [TestTokens.NewSubject(), TestTokens.NewSubject()];
        var notice = new AdminNoticeRequested(Guid.NewGuid(), members, "お知らせ", "本文");
        await servers.Service.Services.GetRequiredService<IBus>().Publish(notice);
        await PostedToAsync(notice, 2);

        await using var scope = servers.Service.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.AsMemberAsync(members[0], default);
        // Deliberately no member filter.
        var owners = await session.QueryAsync("SELECT member_id FROM member_inbox", r => r.GetString(0), default);
        var marked = await session.ExecuteAsync("UPDATE member_inbox SET read_at = now()", default);

        Assert.Equal([members[0]], owners.Distinct());
        Assert.Equal(owners.Count, marked);
    }

    private async Task PostedToAsync(AdminNoticeRequested notice, int members) =>
        Assert.True(
            await Eventually.HoldsAsync(
                async () =>
                    await servers.Service.ScalarAsync(
                        "SELECT count(*) FROM member_inbox WHERE source_id = $1",
                        notice.NoticeId
                    ) == members,
                TimeSpan.FromSeconds(30)
            )
        );
}
