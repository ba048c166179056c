using System.Net;
using Habatan.Contracts.Audiences;
using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Tests.Reminders;

// Issue #17: every reminder reaches each recipient once, or ops know who did not get it and why.
// Through the saga, the real sender and a relay that answers each recipient as told.
[Collection(ServersCollection.Name)]
public sealed class DeliveryOutcomeTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Fact]
    public async Task EachSmtpOutcomeIsRecordedAndCounted()
    {
        var members = Population
            .Generate(12, Population.NewTag("outcome"))
            .Select((m, i) => m with { Email = $"outcome-{i}-{Guid.NewGuid():N}@example.com" })
            .ToList();
        var email = members.Select(m => m.Email!).ToList();
        var relay = servers.Relay;
        relay.Answer(email[0], RelayAnswer.TemporaryAtRcpt, times: 2);
        relay.Answer(email[1], RelayAnswer.TemporaryAtData, times: 1);
        relay.Answer(email[2], RelayAnswer.DropBeforeData, times: 1);
        relay.Answer(email[3], RelayAnswer.PermanentAtRcpt);
        relay.Answer(email[4], RelayAnswer.PermanentAtData);
        relay.Answer(email[5], RelayAnswer.DropAfterData, times: 1);
        relay.Answer(email[6], RelayAnswer.StallAfterData, times: 1);
        relay.Answer(email[7], RelayAnswer.TemporaryAtRcpt);
        var subject = ReminderDriver.NewSubject("outcome");

        var id = await SendAsync(subject, members, ["email"]);

        // Not accepted, then accepted: sent once, after as many attempts as it took.
        Assert.Equal((3, 2, 2), (relay.Attempts(email[0]), relay.Attempts(email[1]), relay.Attempts(email[2])));
        // Refused and maybe-delivered: one attempt each, never another.
        Assert.All(email.Skip(3).Take(4), e => Assert.Equal(1, relay.Attempts(e)));
        // Not accepted on every attempt the options allow.
        Assert.Equal(5, relay.Attempts(email[7]));
        int[] arrivedOnce = [0, 1, 2, 5, 6, 8, 9, 10, 11];
        Assert.All(
            Enumerable.Range(0, 12),
            i => Assert.Equal(arrivedOnce.Contains(i) ? 1 : 0, relay.Arrived(email[i]))
        );

        // A row counts every attempt, the relay only those that reached it: on a loaded machine an
        // attempt can also fail before it does (a timeout before DATA), which is not accepted and
        // tried again, as it should be. So the row has at least the relay's count.
        var rows = await RowsAsync(id);
        foreach (
            var (i, status, reply) in new (int, string, int?)[]
            {
                (0, "Sent", null),
                (3, "Failed", 550),
                (4, "Failed", 554),
                (5, "Unknown", null),
                (6, "Unknown", null),
                (7, "NotAccepted", 451),
            }
        )
        {
            Assert.Equal((status, reply), (rows[email[i]].Status, rows[email[i]].ReplyCode));
            Assert.InRange(rows[email[i]].Attempts, relay.Attempts(email[i]), 5);
        }

        var report = (await _driver.ReportAsync(id)).Channels.Single();
        Assert.Equal(
            (12, 7, 4, 2, 2, 1, 1, 0),
            (
                report.Approved,
                report.Sent,
                report.Failed,
                report.Refused,
                report.Unknown,
                report.NotAccepted,
                report.NotSent,
                report.Retrying
            )
        );
        Assert.Equal(report.Approved, report.Sent + report.Failed + report.NotSent);
        Assert.DoesNotContain(
            servers.Service.Logs.Entries,
            e => email.Any(a => e.Text.Contains(a, StringComparison.OrdinalIgnoreCase))
        );
    }

    [Fact]
    public async Task NoticesClaimedByADeadSenderArePostedAgainOnce()
    {
        var members = Population
            .Generate(30, Population.NewTag("notices"))
            .Select(m => m with { InboxOptIn = true })
            .ToList();
        var subject = ReminderDriver.NewSubject("notices");
        var (id, view) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(subject, 30, channels: ["inbox"]),
            members,
            30,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        await _driver.ApproveHaltedAsync(id, view);

        // A sender claimed ten notices an hour ago and died; it had posted five of them.
        var claimed = await _driver.ClaimAsBySenderThatDiedAsync(id, 10);
        Assert.Equal(10, claimed.Count);
        // By the claim's own ids: the sweep may already have taken the rows back (ReminderDriver).
        await servers.Service.ExecuteAsync(
            $"""
            INSERT INTO member_inbox (id, member_id, kind, source_id, subject, body)
            SELECT gen_random_uuid(), member_id, 'reminder', reminder_id, 'x', 'x' FROM reminder_delivery
            WHERE id IN ({string.Join(", ", claimed)})
            ORDER BY id LIMIT 5
            """
        );
        using (var resume = await _driver.PostAsync(id, "resume"))
            Assert.Equal(HttpStatusCode.NoContent, resume.StatusCode);
        await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.Completed));

        var inbox = (await _driver.ReportAsync(id)).Channels.Single();
        Assert.Equal((30, 30, 0, 0), (inbox.Approved, inbox.Sent, inbox.Unknown, inbox.NotSent));
        Assert.Equal(
            30,
            await servers.Service.ScalarAsync(
                "SELECT count(DISTINCT member_id) FROM member_inbox WHERE kind = 'reminder' AND source_id = $1",
                id
            )
        );
        Assert.Equal(
            30,
            await servers.Service.ScalarAsync(
                "SELECT count(*) FROM member_inbox WHERE kind = 'reminder' AND source_id = $1",
                id
            )
        );
    }

    private async Task<Guid> SendAsync(string subject, List<AudienceRecipient> members, string[] channels)
    {
        var (id, view) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(subject, members.Count, channels: channels),
            members,
            members.Count,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        await _driver.ApproveAsync(id, view);
        await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.Completed));
        return id;
    }

    private async Task<Dictionary<string, (string Status, int Attempts, int? ReplyCode)>> RowsAsync(Guid id)
    {
        var rows = new Dictionary<string, (string, int, int?)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (email, status, attempts, reply) in await servers.Service.DeliveryOutcomesAsync(id))
            rows[email] = (status, attempts, reply);
        return rows;
    }
}
