using System.Net;
using System.Net.Http.Json;
using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Tests.Reminders;

// Issue #17, point 4: reminder X's failed and unknown recipients become a follow-up only when an
// operator makes one; it is reconciled against a declared count and approved by a second
// person; it reaches those of them still in X's audience, once, over the real SMTP path.
[Collection(ServersCollection.Name)]
public sealed class FollowUpTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Fact]
    public async Task FollowUpReachesTheFailedAndUnknownStillInTheAudienceAfterASecondPersonApproves()
    {
        var members = Population.WithEmail(120, "followup");
        var subject = ReminderDriver.NewSubject("follow-up original");
        var (original, view) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(subject, 120, channels: ["email"]),
            members,
            120,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        using (var halt = await _driver.PostAsync(original, "halt"))
            Assert.Equal(HttpStatusCode.NoContent, halt.StatusCode);
        await _driver.ApproveAsync(original, view);
        await _driver.WaitForStateAsync(original, nameof(ReminderStateMachine.Sending));
        // Five were claimed by a sender that died (Unknown); fifteen are refused by the SMTP path (Failed).
        var unknownIds = await _driver.ClaimAsBySenderThatDiedAsync(original, 5);
        Assert.Equal(5, unknownIds.Count);
        var unknownMembers = (
            await servers.Service.TextsAsync(
                "SELECT member_id FROM reminder_delivery WHERE id = ANY($1::bigint[])",
                (object)unknownIds.ToArray()
            )
        ).ToHashSet();
        var failing = members.Where(m => !unknownMembers.Contains(m.MemberId)).Take(15).ToList();
        foreach (var member in failing)
            servers.Relay.Answer(member.Email!, RelayAnswer.PermanentAtRcpt, times: 1);
        using (var resume = await _driver.PostAsync(original, "resume"))
            Assert.Equal(HttpStatusCode.NoContent, resume.StatusCode);
        await _driver.WaitForStateAsync(original, nameof(ReminderStateMachine.Completed));
        var report = await _driver.ReportAsync(original);
        // Each of the fifteen was tried once and refused (none of them is one of the five claimed).
        Assert.All(failing, m => Assert.Equal(1, servers.Relay.Attempts(m.Email!)));
        Assert.Equal((100, 20, 5), (report.Channels[0].Sent, report.Channels[0].Failed, report.Channels[0].Unknown));

        // Nothing was re-sent on its own: the twenty got no mail of X, and nothing else happens.
        var xCounts = await _driver.SinkCountsAsync(subject, 100);
        Assert.Equal(100, xCounts.Count);
        Assert.DoesNotContain(failing, m => xCounts.ContainsKey(m.Email!.ToLowerInvariant()));
        var missed = members.Where(m => unknownMembers.Contains(m.MemberId) || failing.Contains(m)).ToList();
        Assert.Equal(20, missed.Count);

        // An operator makes the follow-up; four of the twenty charged in full in the meantime.
        var followUpSubject = ReminderDriver.NewSubject("follow-up");
        Guid followUp;
        using (var client = _driver.Operator)
        using (
            var created = await client.PostAsJsonAsync(
                $"/api/notifications/ops/reminders/{original}/follow-ups",
                ReminderDriver.Request(followUpSubject, declared: 16, channels: ["email"]) with
                {
                    Audience = "anything",
                }
            )
        )
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            followUp = (await created.Content.ReadFromJsonAsync<ReminderCreated>())!.Id;
        }
        var charged = missed.Take(4).Select(m => m.MemberId).ToHashSet();
        var request = await _driver.Members.RequestAsync(followUp);
        Assert.Equal(view.Audience, request.Audience);
        await _driver.Members.AnswerAsync(request, [.. members.Where(m => !charged.Contains(m.MemberId))], 120);
        var reconciled = await _driver.WaitForStateAsync(followUp, nameof(ReminderStateMachine.AwaitingApproval));
        Assert.Equal((16, 16, 20), (reconciled.Declared, reconciled.Resolved, reconciled.Bound));
        Assert.Equal(original, reconciled.FollowUpOf);
        Assert.Equal(0, await DeliveriesAsync(followUp));

        await _driver.ApproveAsync(followUp, reconciled);
        var done = await _driver.WaitForStateAsync(followUp, nameof(ReminderStateMachine.Completed));
        Assert.Equal(_driver.ApproverId, done.ApprovedBy);
        var expected = missed.Where(m => !charged.Contains(m.MemberId)).ToList();
        var counts = await Eventually.GetAsync(
            () => servers.MailSink.RecipientCountsAsync(followUpSubject),
            c => c.Count >= expected.Count,
            ReminderDriver.Patience
        );
        await Task.Delay(TimeSpan.FromSeconds(1));
        counts = await servers.MailSink.RecipientCountsAsync(followUpSubject);
        Assert.Equal(expected.Count, counts.Count);
        Assert.All(expected, m => Assert.Equal(1, counts.GetValueOrDefault(m.Email!.ToLowerInvariant())));
    }

    [Fact]
    public async Task FollowUpOfAReminderNotYetSentIsRefused()
    {
        var members = Population.Generate(10, Population.NewTag("followup-early"));
        var (original, _) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(ReminderDriver.NewSubject("early"), 10),
            members,
            10,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        using var client = _driver.Operator;
        using var refused = await client.PostAsJsonAsync(
            $"/api/notifications/ops/reminders/{original}/follow-ups",
            ReminderDriver.Request(ReminderDriver.NewSubject("too early"), 1)
        );
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    private Task<long> DeliveriesAsync(Guid id) =>
        servers.Service.ScalarAsync("SELECT count(*) FROM reminder_delivery WHERE reminder_id = $1", id);
}
