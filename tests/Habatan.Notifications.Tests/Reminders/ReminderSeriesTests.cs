using System.Net;
using System.Net.Http.Json;
using Habatan.Contracts.Audiences;
using Habatan.Notifications.Reminders;
using Habatan.Notifications.Reminders.Series;
using Habatan.ServiceDefaults.Identity;

namespace Habatan.Notifications.Tests.Reminders;

// Issue #17, point 7: a series planned once; each step opens at its own time (the host opens a
// step 4 seconds before it sends), resolves its own audience, stops until the day's declared
// count is entered, and sends only after its own approval by a second person. A step not
// approved by the end of its window expires and never sends.
[Collection(ServersCollection.Name)]
public sealed class ReminderSeriesTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Fact]
    public void StepsAreDaysBeforeTheDeadlineAtTheTimeOfDayInJapan()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var request = Plan("x", null) with
        {
            Deadline = new DateOnly(2026, 3, 31),
            DaysBefore = [2, 14, 7],
            WindowHours = null,
        };

        var steps = SeriesPlan.Steps(request, TimeSpan.FromHours(9), now);

        // 18:00 JST is 09:00 UTC; each opens at 09:00 JST, 00:00 UTC, the same day.
        Assert.Equal(
            [
                new SeriesStep(1, At(3, 17, 0), At(3, 17, 9), At(3, 17, 12)),
                new SeriesStep(2, At(3, 24, 0), At(3, 24, 9), At(3, 24, 12)),
                new SeriesStep(3, At(3, 29, 0), At(3, 29, 9), At(3, 29, 12)),
            ],
            steps
        );
        Assert.Empty(SeriesPlan.Check(request, steps, now));
        Assert.NotEmpty(SeriesPlan.Check(request, steps, At(3, 20, 0)));

        static DateTimeOffset At(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);
    }

    [Fact]
    public async Task EachStepResolvesAtItsTimeStopsForTheDaysCountAndNeedsItsOwnApproval()
    {
        var members = Population.Generate(90, Population.NewTag("series"));
        var subject = ReminderDriver.NewSubject("series");
        var now = DateTimeOffset.UtcNow;
        var seriesId = await PlanAsync(Plan(subject, [now.AddSeconds(6), now.AddSeconds(14), now.AddSeconds(22)]));

        // Between steps members charge in full: 90, then 60, then 30 are still in the audience.
        var sentTo = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var step = 1; step <= 3; step++)
        {
            var audience = members.Take(120 - 30 * step).ToList();
            var reminderId = await OpenedAsync(seriesId, step);
            var request = await _driver.Members.RequestAsync(reminderId);
            await _driver.Members.AnswerAsync(request, audience, 90);
            var stopped = await _driver.WaitForStateAsync(
                reminderId,
                nameof(ReminderStateMachine.ReconciliationFailed)
            );
            Assert.Contains("申告件数が未入力", stopped.Problem, StringComparison.Ordinal);
            Assert.Equal(audience.Count, stopped.Resolved);
            // Awaiting the operator, not yet the approver.
            Assert.Contains(await AwaitingAsync(_driver.Operator), r => r.Id == reminderId);
            Assert.DoesNotContain(await AwaitingAsync(_driver.Approver), r => r.Id == reminderId);
            // And in the planner's inbox: one notice for each step that stopped (AwaitingNotices).
            Assert.Equal(step, (await _driver.NoticesAsync(_driver.OperatorId, "件数が一致せず停止中", step)).Count);

            using (var client = _driver.Operator)
            using (
                var declared = await client.PutAsJsonAsync(
                    $"/api/notifications/ops/reminders/{reminderId}/declared-count",
                    new DeclaredCountRequest(audience.Count)
                )
            )
                Assert.Equal(HttpStatusCode.Accepted, declared.StatusCode);
            // A corrected count is reconciled against a fresh snapshot, as for any reminder.
            await _driver.Members.AnswerAsync(await _driver.Members.RequestAsync(reminderId, 1), audience, 90);
            var reconciled = await _driver.WaitForStateAsync(reminderId, nameof(ReminderStateMachine.AwaitingApproval));
            Assert.Contains(await AwaitingAsync(_driver.Approver), r => r.Id == reminderId);
            // The operator who planned and entered the count may not approve it.
            using (
                var self = await _driver.ApproveAsync(
                    reminderId,
                    reconciled.SnapshotId,
                    reconciled.Digest,
                    servers.Service.CreateClient(servers.Tokens.For(_driver.OperatorId, Roles.Operator, Roles.Approver))
                )
            )
                Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
            await _driver.ApproveAsync(reminderId, reconciled);
            await _driver.WaitForStateAsync(reminderId, nameof(ReminderStateMachine.Completed));
            foreach (var member in audience.Where(m => m.Email is not null))
                sentTo[member.Email!.ToLowerInvariant()] =
                    sentTo.GetValueOrDefault(member.Email!.ToLowerInvariant()) + 1;

            var report = await _driver.ReportAsync(reminderId);
            Assert.Equal((audience.Count, audience.Count), (report.Declared, report.Approved));
        }

        var counts = await Eventually.GetAsync(
            () => servers.MailSink.RecipientCountsAsync(subject),
            c => c.Values.Sum() >= sentTo.Values.Sum(),
            ReminderDriver.Patience
        );
        Assert.Equal(sentTo.OrderBy(p => p.Key), counts.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task AStepNotApprovedByTheEndOfItsWindowExpiresAndNeverSends()
    {
        var members = Population.Generate(20, Population.NewTag("expire"));
        var subject = ReminderDriver.NewSubject("expire");
        var seriesId = await PlanAsync(Plan(subject, [DateTimeOffset.UtcNow.AddSeconds(5)]));
        var reminderId = await OpenedAsync(seriesId, 1);
        await _driver.Members.AnswerAsync(await _driver.Members.RequestAsync(reminderId), members, 20);
        await _driver.WaitForStateAsync(reminderId, nameof(ReminderStateMachine.ReconciliationFailed));
        using (var client = _driver.Operator)
        using (
            var declared = await client.PutAsJsonAsync(
                $"/api/notifications/ops/reminders/{reminderId}/declared-count",
                new DeclaredCountRequest(20)
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, declared.StatusCode);
        await _driver.Members.AnswerAsync(await _driver.Members.RequestAsync(reminderId, 1), members, 20);
        var reconciled = await _driver.WaitForStateAsync(reminderId, nameof(ReminderStateMachine.AwaitingApproval));

        // Nobody approved it; its window ends (moved into the past rather than waited for).
        await servers.Service.ScalarAsync(
            """
            WITH moved AS (
                UPDATE reminder SET send_from = now() - interval '2 hours', send_until = now() - interval '1 second'
                WHERE id = $1 RETURNING 1)
            SELECT count(*) FROM moved
            """,
            reminderId
        );
        var expired = await _driver.WaitForStateAsync(reminderId, nameof(ReminderStateMachine.Expired));
        Assert.Contains("期限切れ", expired.Problem, StringComparison.Ordinal);

        using (var sent = await _driver.TestSendAsync(reminderId))
            Assert.Equal(HttpStatusCode.Conflict, sent.StatusCode);
        using (var late = await _driver.ApproveAsync(reminderId, reconciled.SnapshotId, reconciled.Digest))
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(
            0,
            await servers.Service.ScalarAsync(
                "SELECT count(*) FROM reminder_delivery WHERE reminder_id = $1",
                reminderId
            )
        );
        Assert.Empty(await servers.MailSink.RecipientCountsAsync(subject));
    }

    private static PlanSeriesRequest Plan(string subject, IReadOnlyList<DateTimeOffset>? sendAt)
    {
        var reminder = ReminderDriver.Request(subject, 1);
        return new PlanSeriesRequest(
            reminder.Name,
            AudienceNames.WonNotFullyCharged,
            reminder.CampaignCode,
            reminder.Subject,
            reminder.Body,
            ["email"],
            2000,
            reminder.SeedList,
            reminder.CampaignTitle,
            reminder.Deadline,
            null,
            null,
            sendAt,
            1
        );
    }

    private async Task<Guid> PlanAsync(PlanSeriesRequest request)
    {
        using var client = _driver.Operator;
        using var response = await client.PostAsJsonAsync(ReminderSeriesApi.Prefix, request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SeriesPlanned>())!.Id;
    }

    // The step's reminder, once the scheduler has opened it (and not before its time).
    private async Task<Guid> OpenedAsync(Guid seriesId, int step)
    {
        using var client = _driver.Operator;
        var steps = await Eventually.GetAsync(
            async () =>
                (await client.GetFromJsonAsync<List<SeriesStepView>>($"{ReminderSeriesApi.Prefix}/{seriesId}"))!,
            s => s[step - 1].ReminderId is not null,
            ReminderDriver.Patience
        );
        var opened = steps[step - 1];
        Assert.NotNull(opened.ReminderId);
        // Not before its time: each step resolves its audience when it opens (a second's leeway
        // for the database's clock, which stamps created_at).
        Assert.Equal(
            1,
            await servers.Service.ScalarAsync(
                """
                SELECT count(*) FROM reminder c JOIN reminder_series_step s ON s.reminder_id = c.id
                WHERE s.series_id = $1 AND s.step = $2 AND c.created_at >= s.opens_at - interval '1 second'
                """,
                seriesId,
                step
            )
        );
        return opened.ReminderId!.Value;
    }

    private static async Task<List<AwaitingReminder>> AwaitingAsync(HttpClient client)
    {
        using (client)
            return (
                await client.GetFromJsonAsync<List<AwaitingReminder>>("/api/notifications/ops/reminders/awaiting")
            )!;
    }
}
