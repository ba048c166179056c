using Habatan.Contracts.Audit;
using Habatan.Contracts.Reminders;
using Role = Habatan.ServiceDefaults.Identity.Roles;

namespace Habatan.Members.Tests.Roles;

// Issue #17 point 7: a reminder awaiting approval is noticed to every approver who may approve
// it, and to no one else: not its requester or last changer (four eyes), not a withdrawn
// approver, not an operator without the role. Members names them; Notifications posts the notice.
[Collection(ServersCollection.Name)]
public sealed class ApproverNoticeTests(ServersFixture servers)
{
    private MembersService Service => servers.Service;

    [Fact]
    public async Task EveryApproverButTheRequesterAndTheLastChangerIsNoticed()
    {
        var approvers = new[] { await AddAsync(Role.Approver), await AddAsync(Role.Approver) };
        var requester = await AddAsync(Role.Approver);
        var lastChanger = await AddAsync(Role.Approver);
        var withdrawn = await AddAsync(Role.Approver, withdrawn: true);
        var operatorOnly = await AddAsync(Role.Operator);
        await using var notices = await PublishedMessages.ListenAsync<AdminNoticeRequested>(Service.Bus);
        var request = new ApproverNoticeRequested(
            Guid.NewGuid(),
            Guid.NewGuid(),
            [requester, lastChanger],
            "【要対応】リマインダー「チャージ期限のご案内」: 承認待ち",
            "リマインダー「チャージ期限のご案内」は承認待ちです。/ops/reminders/"
        );

        await Service.Bus.Publish(request);

        var notice = await notices.FirstAsync(n => n.NoticeId == request.NoticeId);
        Assert.NotNull(notice);
        Assert.All(approvers, a => Assert.Contains(a, notice.MemberIds));
        Assert.DoesNotContain(requester, notice.MemberIds);
        Assert.DoesNotContain(lastChanger, notice.MemberIds);
        Assert.DoesNotContain(withdrawn, notice.MemberIds);
        Assert.DoesNotContain(operatorOnly, notice.MemberIds);
        Assert.Equal((request.Subject, request.Body), (notice.Subject, notice.Body));
    }

    private Task<string> AddAsync(string role, bool withdrawn = false) =>
        RoleHolders.AddAsync(Service, role, withdrawn);
}
