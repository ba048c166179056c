using System.Net;
using System.Net.Http.Json;
using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Tests.Reminders;

// Incident 2, point 3: a count that does not match stops the reminder in plain sight, before
// anyone can approve or send, and only a snapshot that reconciles lets it go on.
[Collection(ServersCollection.Name)]
public sealed class ReconciliationTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Fact]
    public async Task CountMismatchStopsTheReminder()
    {
        // The replay: the prefecture's own figure says 300 had not charged; the extraction
        // brought back 1,200 of the 1,500 members.
        var tag = Population.NewTag("mismatch");
        var members = Population.Generate(1500, tag);
        var extracted = members.Take(1200).ToList();
        var subject = ReminderDriver.NewSubject("count mismatch");

        var (id, view) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(subject, declared: 300),
            extracted,
            bound: 1500,
            nameof(ReminderStateMachine.ReconciliationFailed)
        );

        Assert.Equal((300, 1200, 1500), (view.Declared, view.Resolved, view.Bound));
        Assert.Contains("1,200", view.Problem, StringComparison.Ordinal);
        Assert.Contains("300", view.Problem, StringComparison.Ordinal);
        // Stopped means stopped: no test send, no approval, nothing planned, nothing mailed.
        using (var testSend = await _driver.TestSendAsync(id))
            Assert.Equal(HttpStatusCode.Conflict, testSend.StatusCode);
        using (var approve = await _driver.ApproveAsync(id, view.SnapshotId, view.Digest))
            Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(
            0,
            await servers.Service.ScalarAsync("SELECT count(*) FROM reminder_delivery WHERE reminder_id = $1", id)
        );
        Assert.Empty(await servers.MailSink.RecipientCountsAsync(subject));
        Assert.Equal(nameof(ReminderStateMachine.ReconciliationFailed), (await _driver.GetAsync(id)).State);

        // The operator checks the source and corrects the declared figure: a new snapshot is taken
        // and reconciled, and only now may the reminder go to approval.
        using (var operatorClient = _driver.Operator)
        using (
            var corrected = await operatorClient.PutAsJsonAsync(
                $"/api/notifications/ops/reminders/{id}/declared-count",
                new DeclaredCountRequest(1200)
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, corrected.StatusCode);
        var second = await _driver.Members.RequestAsync(id, 1);
        await _driver.Members.AnswerAsync(second, extracted, 1500);
        var reconciled = await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.AwaitingApproval));
        Assert.Equal((1200, 1200, 1500), (reconciled.Declared, reconciled.Resolved, reconciled.Bound));
        Assert.Null(reconciled.Problem);
        Assert.NotEqual(view.SnapshotId, reconciled.SnapshotId);
    }

    [Fact]
    public async Task CountAboveTheBoundStopsTheReminder()
    {
        // Even a declared figure that matches cannot carry more recipients than members entitled.
        var members = Population.Generate(600, Population.NewTag("bound"));
        var (id, view) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(ReminderDriver.NewSubject("bound"), declared: 600),
            members,
            bound: 500,
            nameof(ReminderStateMachine.ReconciliationFailed)
        );

        Assert.Equal((600, 600, 500), (view.Declared, view.Resolved, view.Bound));
        Assert.Contains("上限", view.Problem, StringComparison.Ordinal);
        using var approve = await _driver.ApproveAsync(id, view.SnapshotId, view.Digest);
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
    }

    [Fact]
    public async Task UnknownPlaceholderIsRefusedAtCreation()
    {
        var request = ReminderDriver.Request(ReminderDriver.NewSubject("placeholder"), declared: 10) with
        {
            Body = "{氏名}様、チャージ期限は{期限}です。",
        };
        using var client = _driver.Operator;
        using var response = await client.PostAsJsonAsync("/api/notifications/ops/reminders", request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        var message = Assert.Single(problem!.Errors["body"]);
        Assert.Contains("{氏名}", message, StringComparison.Ordinal);
        Assert.Contains("{キャンペーン名}", message, StringComparison.Ordinal);
        Assert.Equal(
            0,
            await servers.Service.ScalarAsync("SELECT count(*) FROM reminder WHERE subject = $1", request.Subject!)
        );
    }

    [Fact]
    public async Task MissingDeclaredCountIsRefusedAtCreation()
    {
        var request = ReminderDriver.Request(ReminderDriver.NewSubject("declared"), declared: 10) with
        {
            DeclaredCount = null,
        };
        using var client = _driver.Operator;
        using var response = await client.PostAsJsonAsync("/api/notifications/ops/reminders", request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        Assert.Contains("申告件数", Assert.Single(problem!.Errors["declaredCount"]), StringComparison.Ordinal);
    }

    // The ops console sends the window in Japan time; it used to answer 500 (timestamptz is UTC only).
    [Fact]
    public async Task SendWindowInJapanTimeIsStoredAsTheSameInstant()
    {
        var japan = TimeSpan.FromHours(9);
        var from = new DateTimeOffset(2026, 12, 1, 9, 0, 0, japan);
        var request = ReminderDriver.Request(ReminderDriver.NewSubject("japan-time"), declared: 10) with
        {
            SendFrom = from,
            SendUntil = from.AddDays(1),
        };
        using var client = _driver.Operator;
        using var response = await client.PostAsJsonAsync("/api/notifications/ops/reminders", request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(
            1,
            await servers.Service.ScalarAsync(
                "SELECT count(*) FROM reminder WHERE subject = $1 AND send_from = $2",
                request.Subject!,
                from.ToUniversalTime()
            )
        );
    }
}
