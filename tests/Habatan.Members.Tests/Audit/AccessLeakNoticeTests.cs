using Habatan.Contracts.Audit;
using Habatan.Members.Audit;

namespace Habatan.Members.Tests.Audit;

// #18 point 2: when a service's tripwire reports a leak, every admin (and no one else, not a
// withdrawn admin) is named in the notice Notifications posts to their inbox.
[Collection(ServersCollection.Name)]
public sealed class AccessLeakNoticeTests(ServersFixture servers)
{
    private MembersService Service => servers.Service;

    [Fact]
    public async Task EveryAdminIsNoticedOfALeak()
    {
        var admins = new[] { await MemberAsync("admin"), await MemberAsync("admin") };
        var withdrawn = await MemberAsync("admin", withdrawn: true);
        var operatorOnly = await MemberAsync("operator");
        await using var notices = await PublishedMessages.ListenAsync<AdminNoticeRequested>(Service.Bus);
        var leak = new AccessLeakDetected(
            Guid.NewGuid(),
            "applications",
            "kosodate-2026-2",
            "/api/mypage/applications",
            ["applicationNumber", "status"],
            "0af7651916cd43dd8448eb211c80319c",
            DateTimeOffset.UtcNow
        );

        await Service.Bus.Publish(leak);

        var notice = await notices.FirstAsync(n => n.NoticeId == leak.LeakId);
        Assert.NotNull(notice);
        Assert.All(admins, a => Assert.Contains(a, notice.MemberIds));
        Assert.DoesNotContain(withdrawn, notice.MemberIds);
        Assert.DoesNotContain(operatorOnly, notice.MemberIds);
        Assert.Equal(AccessLeakDetectedConsumer.Subject, notice.Subject);
        Assert.Contains("kosodate-2026-2", notice.Body, StringComparison.Ordinal);
        Assert.Contains(leak.TraceId!, notice.Body, StringComparison.Ordinal);
    }

    private Task<string> MemberAsync(string role, bool withdrawn = false) =>
        RoleHolders.AddAsync(Service, role, withdrawn);
}
