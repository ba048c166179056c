using System.Net;
using System.Net.Http.Json;
using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Tests.Reminders;

// Incident 2, point 6: the お詫びと訂正 goes to exactly the recipients of reminder X who should
// not have had it (X's delivery records minus the audience that should have), through the same
// reconciliation and approval.
[Collection(ServersCollection.Name)]
public sealed class CorrectionAudienceTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Fact]
    public async Task CorrectionReachesExactlyTheOverSentSet()
    {
        var members = Population.Generate(1200, Population.NewTag("correction"));
        var intended = members.Take(900).ToList();
        var overSent = members.Skip(900).ToList();
        var subject = ReminderDriver.NewSubject("reminder");
        // Reminder X went to all 1,200 (say the declared figure itself was wrong).
        var (original, view) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(subject, 1200),
            members,
            1200,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        await _driver.ApproveAsync(original, view);
        await _driver.WaitForStateAsync(original, nameof(ReminderStateMachine.Completed));

        var correctionSubject = ReminderDriver.NewSubject("お詫びと訂正");
        var request = ReminderDriver.Request(correctionSubject, declared: 300) with
        {
            Body = "先ほどお送りした{キャンペーン名}のご案内は、誤ってお送りしたものです。",
        };
        Guid correction;
        using (var client = _driver.Operator)
        using (
            var created = await client.PostAsJsonAsync(
                $"/api/notifications/ops/reminders/{original}/corrections",
                request
            )
        )
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            correction = (await created.Content.ReadFromJsonAsync<ReminderCreated>())!.Id;
        }
        // Members resolves the audience that should have received X.
        await _driver.Members.AnswerAsync(await _driver.Members.RequestAsync(correction), intended, 1200);
        var reconciled = await _driver.WaitForStateAsync(correction, nameof(ReminderStateMachine.AwaitingApproval));
        Assert.Equal((300, 300, 1200), (reconciled.Declared, reconciled.Resolved, reconciled.Bound));
        Assert.Equal(original, reconciled.CorrectionOf);

        await _driver.ApproveAsync(correction, reconciled);
        await _driver.WaitForStateAsync(correction, nameof(ReminderStateMachine.Completed));

        var planned = await servers.Service.ScalarAsync(
            "SELECT count(DISTINCT member_id) FROM reminder_delivery WHERE reminder_id = $1",
            correction
        );
        Assert.Equal(300, planned);
        Assert.Equal(
            0,
            await servers.Service.ScalarAsync(
                "SELECT count(*) FROM reminder_delivery WHERE reminder_id = $1 AND member_id = ANY($2)",
                correction,
                intended.Select(m => m.MemberId).ToArray()
            )
        );
        // Only the over-sent got the correction, each once.
        await _driver.MailMatchesReportAsync(
            correction,
            correctionSubject,
            [.. overSent.Where(m => m.Email is not null).Select(m => m.Email!)]
        );
    }

    [Fact]
    public async Task CorrectionCountMismatchStopsToo()
    {
        var members = Population.Generate(200, Population.NewTag("correction-count"));
        var (original, view) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(ReminderDriver.NewSubject("x"), 200),
            members,
            200,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        await _driver.ApproveAsync(original, view);
        await _driver.WaitForStateAsync(original, nameof(ReminderStateMachine.Completed));

        Guid correction;
        using (var client = _driver.Operator)
        using (
            var created = await client.PostAsJsonAsync(
                $"/api/notifications/ops/reminders/{original}/corrections",
                ReminderDriver.Request(ReminderDriver.NewSubject("訂正"), 10)
            )
        )
            correction = (await created.Content.ReadFromJsonAsync<ReminderCreated>())!.Id;
        await _driver.Members.AnswerAsync(
            await _driver.Members.RequestAsync(correction),
            members.Take(150).ToList(),
            200
        );

        var stopped = await _driver.WaitForStateAsync(correction, nameof(ReminderStateMachine.ReconciliationFailed));
        Assert.Equal((10, 50, 200), (stopped.Declared, stopped.Resolved, stopped.Bound));
    }

    [Fact]
    public async Task CorrectionOfAReminderNotYetSentIsRefused()
    {
        var members = Population.Generate(20, Population.NewTag("correction-early"));
        var (original, _) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(ReminderDriver.NewSubject("y"), 20),
            members,
            20,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        using var client = _driver.Operator;
        using var created = await client.PostAsJsonAsync(
            $"/api/notifications/ops/reminders/{original}/corrections",
            ReminderDriver.Request(ReminderDriver.NewSubject("訂正"), 10)
        );
        Assert.Equal(HttpStatusCode.Conflict, created.StatusCode);
    }
}
