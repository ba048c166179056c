using System.Net;
using System.Net.Http.Json;
using Habatan.Contracts.Audiences;
using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Tests.Reminders;

// Incident day (issue #18, point 5): the people a breach-scope report names are told through the
// normal four-eyes path. The reminder's audience is their list; each resolution asks Members for
// that same list; the declared count is the report's number of people; one of them withdrew
// since, so the snapshot is one short and the reminder stops in plain sight until the operator
// enters the count that holds; then test send, a second person's approval and the fan-out, to
// exactly the listed who can still be reached.
[Collection(ServersCollection.Name)]
public sealed class ListedMembersReminderTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Fact]
    public async Task AReminderToAListedSetIsReconciledApprovedAndSentToExactlyThem()
    {
        var affected = Population.WithEmail(12, "breach");
        var listed = affected.Select(m => m.MemberId).ToList();
        var stillMembers = affected.Skip(1).ToList();
        var subject = ReminderDriver.NewSubject("breach apology");
        var request = Listed(subject, listed, declared: 12);

        var id = await _driver.CreateAsync(request);
        var first = await _driver.Members.RequestAsync(id);
        Assert.Equal(AudienceNames.ListedMembers, first.Audience);
        Assert.Equal(listed, first.MemberIds);
        await _driver.Members.AnswerAsync(first, stillMembers, bound: 12);
        var stopped = await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.ReconciliationFailed));
        Assert.Equal((12, 11, 12), (stopped.Declared, stopped.Resolved, stopped.Bound));

        using (var client = _driver.Operator)
        using (
            var corrected = await client.PutAsJsonAsync(
                $"/api/notifications/ops/reminders/{id}/declared-count",
                new DeclaredCountRequest(11)
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, corrected.StatusCode);
        var second = await _driver.Members.RequestAsync(id, 1);
        Assert.Equal(listed, second.MemberIds);
        await _driver.Members.AnswerAsync(second, stillMembers, bound: 12);
        var reconciled = await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.AwaitingApproval));
        Assert.Equal((11, 11, 12), (reconciled.Declared, reconciled.Resolved, reconciled.Bound));
        await _driver.ApproveAsync(id, reconciled);
        await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.Completed));

        var counts = await Eventually.GetAsync(
            () => servers.MailSink.RecipientCountsAsync(subject),
            c => c.Values.Sum() >= stillMembers.Count,
            ReminderDriver.Patience
        );
        Assert.Equal(
            stillMembers.Select(m => m.Email!.ToLowerInvariant()).Order(StringComparer.Ordinal),
            counts.Keys.Order(StringComparer.Ordinal)
        );
        Assert.All(counts.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task AListThatIsNotRightIsRefusedWholeAndNothingIsStored()
    {
        var id = TestTokens.NewSubject();
        string[][] refused =
        [
            [],
            [id, id],
            [id, "not-a-member-id"],
        ];
        foreach (var ids in refused)
            await RefusedAsync(Listed(ReminderDriver.NewSubject("listed refused"), ids, declared: 1));
        // And a list goes only with the listed audience.
        await RefusedAsync(
            ReminderDriver.Request(ReminderDriver.NewSubject("listed refused"), 1) with
            {
                MemberIds = [id],
            }
        );
    }

    private async Task RefusedAsync(CreateReminderRequest request)
    {
        using var client = _driver.Operator;
        using var response = await client.PostAsJsonAsync("/api/notifications/ops/reminders", request);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        Assert.Single(problem!.Errors["memberIds"]);
        Assert.Equal(
            0,
            await servers.Service.ScalarAsync("SELECT count(*) FROM reminder WHERE subject = $1", request.Subject!)
        );
    }

    // The apology's body in two constants: one literal is longer than a line may be, and the
    // formatter joins a split literal back into one line.
    private const string Where = "{キャンペーン名}のマイページで、";
    private const string Happened = "お客様の申請状況が他の方に表示された可能性があります。";

    private static CreateReminderRequest Listed(string subject, IReadOnlyList<string> memberIds, int declared) =>
        ReminderDriver.Request(subject, declared, channels: ["email"]) with
        {
            Name = $"個人情報の取扱いに関するお詫び {subject}",
            Audience = AudienceNames.ListedMembers,
            Body = Where + Happened,
            MemberIds = memberIds,
        };
}
