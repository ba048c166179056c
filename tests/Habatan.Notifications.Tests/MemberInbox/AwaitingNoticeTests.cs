using System.Net;
using System.Net.Http.Json;
using Habatan.Notifications.Reminders;
using Habatan.ServiceDefaults.Identity;

namespace Habatan.Notifications.Tests.MemberInbox;

// Issue #17 point 7: whoever must act on a reminder finds it in the inbox as well as on the console.
// Stopped for its count: the operator who planned it. Awaiting approval: every approver Members
// names, never the requester or the last changer. Once each, whatever is redelivered; and a notice
// names the reminder, its state and the console, nothing of its recipients.
[Collection(ServersCollection.Name)]
public sealed class AwaitingNoticeTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Fact]
    public async Task TheOperatorIsNoticedOfAStoppedReminderAndEveryOtherApproverOfOneAwaitingApproval()
    {
        var members = Population.Generate(40, Population.NewTag("awaiting-notice"));
        var request = ReminderDriver.Request(ReminderDriver.NewSubject("awaiting notice"), declared: 30);
        var (id, _) = await _driver.CreateAndResolveAsync(
            request,
            members,
            bound: 40,
            nameof(ReminderStateMachine.ReconciliationFailed)
        );

        var stopped = Assert.Single(await _driver.NoticesAsync(_driver.OperatorId, request.Name!));
        Assert.Equal(AwaitingNotices.Subject(request.Name!, "件数が一致せず停止中"), stopped.Subject);
        Assert.Contains(AwaitingNotices.ConsolePath, stopped.Body, StringComparison.Ordinal);
        Assert.All(members, m => Assert.DoesNotContain(m.MemberId, stopped.Body, StringComparison.Ordinal));
        // Members answers the same request again (a redelivery): nothing new stops, nothing is posted.
        await _driver.Members.AnswerAsync(await _driver.Members.RequestAsync(id), members, 40);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(await _driver.NoticesAsync(_driver.OperatorId, request.Name!));

        // A second operator corrects the count: the reminder awaits approval, and the approvers to
        // ask leave out both the requester and the one who corrected it.
        var corrector = TestTokens.NewSubject();
        using (var client = servers.Service.CreateClient(servers.Tokens.For(corrector, Roles.Operator)))
        using (
            var corrected = await client.PutAsJsonAsync(
                $"/api/notifications/ops/reminders/{id}/declared-count",
                new DeclaredCountRequest(40)
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, corrected.StatusCode);
        await _driver.Members.AnswerAsync(await _driver.Members.RequestAsync(id, 1), members, 40);
        await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.AwaitingApproval));
        var asked = Assert.Single(await _driver.Members.ApproverNoticesAsync(id));
        Assert.Equal(
            new[] { _driver.OperatorId, corrector }.Order(StringComparer.Ordinal),
            asked.NotTo.Order(StringComparer.Ordinal)
        );
        Assert.Equal(AwaitingNotices.Subject(request.Name!, "承認待ち"), asked.Subject);

        // Members names the approvers, twice (a redelivery): each gets the notice once.
        string[] approvers = [_driver.ApproverId, TestTokens.NewSubject()];
        await _driver.Members.NoticeApproversAsync(asked, approvers);
        await _driver.Members.NoticeApproversAsync(asked, approvers);
        foreach (var approver in approvers)
            Assert.Contains(
                AwaitingNotices.ConsolePath,
                (await _driver.NoticesAsync(approver, "承認待ち"))[0].Body,
                StringComparison.Ordinal
            );
        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var approver in approvers)
            Assert.Single(await _driver.NoticesAsync(approver, "承認待ち"));
        Assert.DoesNotContain(
            await _driver.InboxAsync(_driver.OperatorId),
            m => m.Subject.Contains("承認待ち", StringComparison.Ordinal)
        );
    }
}
