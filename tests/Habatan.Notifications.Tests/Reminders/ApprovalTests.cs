using System.Net;
using System.Net.Http.Json;
using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Outbox;
using Habatan.Notifications.Reminders;
using Habatan.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Habatan.Notifications.Tests.Reminders;

// Incident 2, point 4: a second person approves the exact snapshot, after a test send.
[Collection(ServersCollection.Name)]
public sealed class ApprovalTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Fact]
    public async Task SelfApprovalIsRefused()
    {
        // The incident's one-person check: someone who holds both roles creates and approves.
        var both = TestTokens.NewSubject();
        var members = Population.Generate(300, Population.NewTag("self"));
        var subject = ReminderDriver.NewSubject("self approval");
        var id = await _driver.CreateAsync(
            ReminderDriver.Request(subject, 300),
            servers.Service.CreateClient(servers.Tokens.For(both, Roles.Operator, Roles.Approver))
        );
        await _driver.Members.AnswerAsync(await _driver.Members.RequestAsync(id), members, 1000);
        var view = await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.AwaitingApproval));
        using (var sent = await _driver.TestSendAsync(id))
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        using (
            var self = await _driver.ApproveAsync(
                id,
                view.SnapshotId,
                view.Digest,
                servers.Service.CreateClient(servers.Tokens.For(both, Roles.Operator, Roles.Approver))
            )
        )
        {
            Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
            var problem = await self.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Contains("依頼者本人は承認できません", problem!.Title, StringComparison.Ordinal);
            Assert.Contains("別の", problem.Detail, StringComparison.Ordinal);
        }
        // An operator without the approver role is refused by the policy itself.
        using (var operatorOnly = await _driver.ApproveAsync(id, view.SnapshotId, view.Digest, _driver.Operator))
            Assert.Equal(HttpStatusCode.Forbidden, operatorOnly.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(nameof(ReminderStateMachine.AwaitingApproval), (await _driver.GetAsync(id)).State);
        Assert.Equal(
            0,
            await servers.Service.ScalarAsync("SELECT count(*) FROM reminder_delivery WHERE reminder_id = $1", id)
        );
        Assert.Empty(await servers.MailSink.RecipientCountsAsync(subject));

        // A second person may.
        using var second = await _driver.ApproveAsync(id, view.SnapshotId, view.Digest);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var done = await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.Completed));
        Assert.Equal(_driver.ApproverId, done.ApprovedBy);
    }

    [Fact]
    public async Task ApproverIsNotTheRequesterEvenWhenTheApprovalGoesAroundTheApi()
    {
        // The approval event published straight into the service's outbox, as any code of the
        // service could, naming the requester: the saga itself refuses it.
        var members = Population.Generate(20, Population.NewTag("around"));
        var subject = ReminderDriver.NewSubject("around the api");
        var (id, view) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(subject, 20),
            members,
            100,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        using (var sent = await _driver.TestSendAsync(id))
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        await PublishAsync(new ReminderApproved(id, view.SnapshotId!.Value, view.Digest!, _driver.OperatorId));

        Assert.True(
            await Eventually.HoldsAsync(
                () =>
                    servers.Service.Logs.Entries.Any(e =>
                        e.Text.Contains($"Reminder {id}: approval by {_driver.OperatorId}", StringComparison.Ordinal)
                        && e.Text.Contains("refused", StringComparison.Ordinal)
                    ),
                ReminderDriver.Patience
            )
        );
        var refused = await _driver.GetAsync(id);
        Assert.Equal(nameof(ReminderStateMachine.AwaitingApproval), refused.State);
        Assert.Null(refused.ApprovedBy);
        Assert.Equal(
            0,
            await servers.Service.ScalarAsync("SELECT count(*) FROM reminder_delivery WHERE reminder_id = $1", id)
        );

        // The same event from a second person goes through.
        await PublishAsync(new ReminderApproved(id, view.SnapshotId.Value, view.Digest!, _driver.ApproverId));
        Assert.Equal(
            _driver.ApproverId,
            (await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.Completed))).ApprovedBy
        );
    }

    private async Task PublishAsync(ReminderApproved approved)
    {
        await using var scope = servers.Service.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOutbox>().PublishAsync(approved, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<DbSession>().CommitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StaleDigestIsRefused()
    {
        var members = Population.Generate(401, Population.NewTag("stale"));
        var first = members.Take(400).ToList();
        var subject = ReminderDriver.NewSubject("stale digest");
        var (id, view) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(subject, 400),
            first,
            1000,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        using (var sent = await _driver.TestSendAsync(id))
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        using (var wrong = await _driver.ApproveAsync(id, view.SnapshotId, new string('0', 64)))
            Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);

        // The audience is resolved again and one member was swapped for another: same count,
        // new digest. The approval of the old snapshot is void, and so is its test send.
        using (var resolve = await _driver.PostAsync(id, "resolve"))
            Assert.Equal(HttpStatusCode.Accepted, resolve.StatusCode);
        var swapped = members.Skip(1).ToList();
        await _driver.Members.AnswerAsync(await _driver.Members.RequestAsync(id, 1), swapped, 1000);
        var current = await Eventually.GetAsync(
            () => _driver.GetAsync(id),
            v => v.State == nameof(ReminderStateMachine.AwaitingApproval) && v.SnapshotId != view.SnapshotId,
            ReminderDriver.Patience
        );
        Assert.NotEqual(view.Digest, current.Digest);

        using (var stale = await _driver.ApproveAsync(id, view.SnapshotId, view.Digest))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            Assert.Contains(
                "最新ではありません",
                (await stale.Content.ReadFromJsonAsync<ProblemDetails>())!.Title,
                StringComparison.Ordinal
            );
        }
        using (var untested = await _driver.ApproveAsync(id, current.SnapshotId, current.Digest))
        {
            Assert.Equal(HttpStatusCode.Conflict, untested.StatusCode);
            Assert.Contains(
                "テスト送信",
                (await untested.Content.ReadFromJsonAsync<ProblemDetails>())!.Title,
                StringComparison.Ordinal
            );
        }

        await _driver.ApproveAsync(id, current);
        await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.Completed));
        // Only the approved snapshot was planned: the member swapped out has no delivery at all.
        Assert.Equal(
            0,
            await servers.Service.ScalarAsync(
                "SELECT count(*) FROM reminder_delivery WHERE reminder_id = $1 AND member_id = $2",
                id,
                members[0].MemberId
            )
        );
        Assert.Equal(
            800,
            await servers.Service.ScalarAsync("SELECT count(*) FROM reminder_delivery WHERE reminder_id = $1", id)
        );
        // The member swapped in was planned; the mail matches the report, read first: nobody outside
        // the approved snapshot, nobody twice. (The sink alone once missed the swapped-in member's
        // mail after 90 s on a loaded run, and could not say whether it was sent.)
        Assert.NotEqual(
            0,
            await servers.Service.ScalarAsync(
                "SELECT count(*) FROM reminder_delivery WHERE reminder_id = $1 AND member_id = $2",
                id,
                members[400].MemberId
            )
        );
        var counts = await _driver.MailMatchesReportAsync(
            id,
            subject,
            [.. swapped.Where(m => m.Email is not null).Select(m => m.Email!)]
        );
        Assert.False(counts.ContainsKey(members[0].Email!.ToLowerInvariant()));
    }

    [Fact]
    public async Task TestSendReachesTheSeedListAndIsShownToTheApprover()
    {
        var members = Population.Generate(50, Population.NewTag("seed"));
        var subject = ReminderDriver.NewSubject("seed list");
        var (id, _) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(subject, 50),
            members,
            100,
            nameof(ReminderStateMachine.AwaitingApproval)
        );

        using (var sent = await _driver.TestSendAsync(id))
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        var seedMail = await Eventually.GetAsync(
            async () =>
                (await servers.MailSink.MessagesToAsync("seed-a@habatan.example.jp"))
                    .Where(m => m.Subject == $"[テスト送信] {subject}")
                    .ToList(),
            m => m.Count > 0,
            ReminderDriver.Patience
        );
        var mail = Assert.Single(seedMail);
        Assert.Contains(
            "はばタンPay+ 子育て応援枠のデジタル券のチャージ期限は2026年1月31日です。",
            mail.PlainText,
            StringComparison.Ordinal
        );
        var view = await _driver.GetAsync(id);
        var shown = Assert.Single(view.TestSends);
        Assert.Equal((view.SnapshotId, _driver.OperatorId), (shown.SnapshotId, shown.SentBy));
        Assert.Equal(["s***@habatan.example.jp", "s***@habatan.example.jp"], shown.Recipients);
        // A test send reaches the seed list only.
        Assert.Empty(await servers.MailSink.RecipientCountsAsync(subject));
    }
}
