using System.Net;
using System.Net.Http.Json;
using Habatan.Notifications.Deliveries;
using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Tests.Reminders;

// Issue #17, point 5: an operator finds one member's deliveries across reminders (channel,
// status, time, reply), and the read leaves an access-audit row in the same transaction.
[Collection(ServersCollection.Name)]
public sealed class MemberDeliveriesTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Fact]
    public async Task AnOperatorSeesAMembersDeliveriesAcrossRemindersAsAnAuditedRead()
    {
        var members = Population
            .Generate(12, Population.NewTag("lookup"))
            .Select(m => m with { Email = m.Email ?? $"{Guid.NewGuid():N}@example.com", InboxOptIn = true })
            .ToList();
        var member = members[3];
        // Refused once, on the real SMTP path: a 5xx is Failed with its code, never retried.
        servers.Relay.Answer(member.Email!, RelayAnswer.PermanentAtRcpt, times: 1);
        var first = await SentAsync(members, ["email"]);
        var second = await SentAsync(members, ["email", "inbox"]);

        using var client = _driver.Operator;
        var path = MemberDeliveriesApi.Path.Replace("{memberId}", member.MemberId, StringComparison.Ordinal);
        var deliveries = (await client.GetFromJsonAsync<List<MemberDelivery>>(path))!;

        Assert.Equal(
            [(second, "inbox", "Sent"), (second, "email", "Sent"), (first, "email", "Failed")],
            deliveries
                .Select(d => (d.ReminderId, d.Channel, d.Status))
                .OrderBy(d => d.ReminderId == first)
                .ThenBy(d => d.Channel == "email")
        );
        var failed = deliveries.Single(d => d.Status == "Failed");
        Assert.Equal((550, 1), (failed.ReplyCode, failed.Attempts));
        Assert.All(deliveries.Where(d => d.Status == "Sent"), d => Assert.NotNull(d.At));
        Assert.Equal(
            1,
            await servers.Service.ScalarAsync(
                "SELECT count(*) FROM access_audit WHERE actor_subject = $1 AND owner_subject = $2",
                _driver.OperatorId,
                member.MemberId
            )
        );

        // An approver without the operator role is not a reader; a malformed id is named.
        using (var approver = _driver.Approver)
        using (var refused = await approver.GetAsync(path))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (
            var bad = await client.GetAsync(
                MemberDeliveriesApi.Path.Replace("{memberId}", "1", StringComparison.Ordinal)
            )
        )
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.Contains("memberId", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private async Task<Guid> SentAsync(List<Contracts.Audiences.AudienceRecipient> members, string[] channels)
    {
        var (id, view) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(ReminderDriver.NewSubject("lookup"), members.Count, channels: channels),
            members,
            members.Count,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        await _driver.ApproveAsync(id, view);
        await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.Completed));
        return id;
    }
}
