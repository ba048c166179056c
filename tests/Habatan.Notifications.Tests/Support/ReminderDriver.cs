using System.Net;
using System.Net.Http.Json;
using Habatan.Contracts.Audiences;
using Habatan.Notifications.Email;
using Habatan.Notifications.MemberInbox;
using Habatan.Notifications.Reminders;
using Habatan.Notifications.Reports;
using Habatan.ServiceDefaults.Identity;
using Microsoft.Extensions.Logging;

namespace Habatan.Notifications.Tests.Support;

// Drives reminders through the ops API as two people would: an operator who creates and test-
// sends, an approver who approves. Each test gets its own people and its own subject line.
public sealed class ReminderDriver(ServersFixture servers)
{
    // Two literals: one would be over 120 bytes (the formatter counts characters and joins them).
    private const string ReminderBody = ReminderBodyStart + ReminderBodyEnd;
    private const string ReminderBodyStart = "{キャンペーン名}のデジタル券のチャージ期限は";
    private const string ReminderBodyEnd = "{期限}です。お早めにチャージしてください。";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan RelayPatience = TimeSpan.FromMinutes(5);

    public string OperatorId { get; } = TestTokens.NewSubject();

    public string ApproverId { get; } = TestTokens.NewSubject();

    public HttpClient Operator => servers.Service.CreateClient(servers.Tokens.For(OperatorId, Roles.Operator));

    public HttpClient Approver => servers.Service.CreateClient(servers.Tokens.For(ApproverId, Roles.Approver));

    public MembersDouble Members => servers.Members;

    public static CreateReminderRequest Request(
        string subject,
        int declared,
        int messagesPerSecond = 2000,
        string[]? channels = null
    ) =>
        new(
            Name: $"チャージ期限のご案内 {subject}",
            Audience: AudienceNames.WonNotFullyCharged,
            CampaignCode: "hp4-kosodate-2",
            Subject: subject,
            Body: ReminderBody,
            Channels: channels ?? ["email", "inbox"],
            DeclaredCount: declared,
            SendFrom: DateTimeOffset.UtcNow.AddMinutes(-1),
            SendUntil: DateTimeOffset.UtcNow.AddHours(1),
            MessagesPerSecond: messagesPerSecond,
            SeedList: ["seed-a@habatan.example.jp", "seed-b@habatan.example.jp"],
            CampaignTitle: "はばタンPay+ 子育て応援枠",
            Deadline: new DateOnly(2026, 1, 31)
        );

    public static string NewSubject(string what) => $"はばタンPay+ {what} {Guid.NewGuid():N}";

    public async Task<Guid> CreateAsync(CreateReminderRequest request, HttpClient? by = null)
    {
        using var client = by ?? Operator;
        using var response = await client.PostAsJsonAsync("/api/notifications/ops/reminders", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReminderCreated>())!.Id;
    }

    public async Task<ReminderView> GetAsync(Guid id)
    {
        using var client = Operator;
        return (await client.GetFromJsonAsync<ReminderView>($"/api/notifications/ops/reminders/{id}"))!;
    }

    public async Task<ReminderView> WaitForStateAsync(Guid id, string state)
    {
        var view = await Eventually.GetAsync(() => GetAsync(id), v => v.State == state, Patience);
        if (view.State != state)
            Assert.Fail(
                $"reminder {id} is {view.State} ({view.Problem}), expected {state}. " + await WhatHappenedAsync(id)
            );
        return view;
    }

    // The reminder's delivery rows by status and error.
    public Task<List<string>> RowsAsync(Guid id) =>
        servers.Service.TextsAsync(
            """
            SELECT status || ' ' || coalesce(error, '') || ' x' || count(*)
            FROM reminder_delivery WHERE reminder_id = $1 GROUP BY status, error ORDER BY 1
            """,
            id
        );

    // What a failure message needs to say why: the checks Members saw, the rows, the sender's
    // own lines about this reminder and the service's latest distinct warnings and errors.
    public async Task<string> WhatHappenedAsync(Guid id)
    {
        var lines = servers
            .Service.Logs.Entries.Where(e =>
                e.Text.Contains(id.ToString(), StringComparison.Ordinal) || e.Level >= LogLevel.Warning
            )
            .Select(e => $"{e.Level} {e.Category}: {e.Text.Split('|')[0]} {FirstLineOfError(e.Text)}")
            .LatestDistinct(12);
        var asked = Members.EligibilityAsked(id);
        var answered = Members.EligibilityAnswered(id);
        return $"Checks asked {asked}, answered {answered}. "
            + $"Rows: {string.Join("; ", await RowsAsync(id))}. Log: {string.Join(" / ", lines)}. "
            + $"Broker: {string.Join(" / ", servers.RabbitMq.RecentFailures(8))}";
    }

    private static string FirstLineOfError(string text) =>
        text.Split('\n').FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal)) ?? "";

    // An email-only reminder to `count` new members, each with an address, approved.
    public async Task<(Guid Id, string Subject, List<AudienceRecipient> Members)> ApprovedEmailReminderAsync(
        string what,
        int count,
        int messagesPerSecond
    )
    {
        var members = Population.WithEmail(count, what);
        var subject = NewSubject(what);
        var (id, view) = await CreateAndResolveAsync(
            Request(subject, count, messagesPerSecond, channels: ["email"]),
            members,
            count,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        await ApproveAsync(id, view);
        return (id, subject, members);
    }

    // A member's in-app inbox, read as that member.
    public async Task<List<InboxMessage>> InboxAsync(string memberId)
    {
        using var client = servers.Service.CreateClient(servers.Tokens.For(memberId));
        return (await client.GetFromJsonAsync<List<InboxMessage>>("/api/notifications/inbox"))!;
    }

    // Waits until the member's inbox holds at least `count` notices whose subject contains `about`.
    public async Task<List<InboxMessage>> NoticesAsync(string memberId, string about, int count = 1)
    {
        var notices = await Eventually.GetAsync(
            async () =>
                (await InboxAsync(memberId)).Where(m => m.Subject.Contains(about, StringComparison.Ordinal)).ToList(),
            n => n.Count >= count,
            Patience
        );
        Assert.True(notices.Count >= count, $"{notices.Count} notices about {about} in {memberId}'s inbox");
        return notices;
    }

    public Task<long> SentAsync(Guid id) => RowsInAsync(id, DeliveryStatus.Sent);

    // How many of the reminder's delivery rows are in this status.
    public Task<long> RowsInAsync(Guid id, string status) =>
        servers.Service.ScalarAsync(
            "SELECT count(*) FROM reminder_delivery WHERE reminder_id = $1 AND status = $2",
            id,
            status
        );

    // Mails per recipient in the sink with this subject, read once `expected` of them are there
    // and a moment more has passed (a second copy would come after the first). The relay answers
    // the sender before it passes a mail on, and under a full run the sink falls minutes behind
    // (a 1,200-mail reminder just before): first the relay must be through.
    public async Task<IReadOnlyDictionary<string, int>> SinkCountsAsync(string subject, long expected)
    {
        await RelayThroughAsync();
        return await SettledSinkCountsAsync(subject, expected);
    }

    private async Task<IReadOnlyDictionary<string, int>> SettledSinkCountsAsync(string subject, long expected)
    {
        await Eventually.GetAsync(
            () => servers.MailSink.RecipientCountsAsync(subject),
            c => c.Count >= expected,
            Patience
        );
        await Task.Delay(TimeSpan.FromSeconds(1));
        return await servers.MailSink.RecipientCountsAsync(subject);
    }

    // The sink read against what the report says was sent. Every eligible address was tried to
    // an end; on a loaded machine a send may time out (Unknown: it may have arrived) or stay
    // unaccepted, which is the SMTP path's rule, tested elsewhere. Nobody outside the eligible
    // addresses got the mail, and nobody got it twice.
    public async Task<IReadOnlyDictionary<string, int>> MailMatchesReportAsync(
        Guid id,
        string subject,
        IReadOnlyCollection<string> eligible
    )
    {
        var email = (await ReportAsync(id)).Channels.Single(c => c.Channel == "email");
        var numbers =
            $"sent {email.Sent}, failed {email.Failed} (unknown {email.Unknown}), "
            + $"not accepted {email.NotAccepted}, of {eligible.Count} eligible";
        Assert.True(eligible.Count == email.Sent + email.Failed + email.NotAccepted, numbers);
        // The relay accepted what was Sent; one it then could not pass to the sink (for 15 s of
        // tries, a sink stalled beside a full run) is the tests' loss, not the service's, and counted.
        await RelayThroughAsync();
        var lost = servers.Relay.Lost;
        var counts = await SettledSinkCountsAsync(subject, email.Sent - lost);
        Assert.True(
            counts.Count >= email.Sent - lost && counts.Count <= email.Sent + email.Unknown,
            $"{counts.Count} in the sink; {numbers}; the relay lost {lost} in this run"
        );
        var addresses = eligible.Select(e => e.ToLowerInvariant()).ToHashSet();
        Assert.All(counts, c => Assert.True(addresses.Contains(c.Key) && c.Value == 1, c.Key));
        return counts;
    }

    private async Task RelayThroughAsync() =>
        Assert.True(
            await Eventually.HoldsAsync(() => servers.Relay.Forwarding == 0, RelayPatience),
            $"{servers.Relay.Forwarding} mails still on their way to the sink after {RelayPatience}"
        );

    public async Task<ReminderReport> ReportAsync(Guid id)
    {
        using var client = Operator;
        return (await client.GetFromJsonAsync<ReminderReport>($"/api/notifications/ops/reminders/{id}/report"))!;
    }

    // Creates a reminder and answers its first ResolveAudience with these recipients.
    public async Task<(Guid Id, ReminderView View)> CreateAndResolveAsync(
        CreateReminderRequest request,
        IReadOnlyList<AudienceRecipient> recipients,
        int bound,
        string expectedState
    )
    {
        var id = await CreateAsync(request);
        await Members.AnswerAsync(await Members.RequestAsync(id), recipients, bound);
        return (id, await WaitForStateAsync(id, expectedState));
    }

    public async Task<HttpResponseMessage> TestSendAsync(Guid id, HttpClient? by = null)
    {
        using var client = by ?? Operator;
        return await client.PostAsync($"/api/notifications/ops/reminders/{id}/test-send", null);
    }

    public async Task<HttpResponseMessage> ApproveAsync(
        Guid id,
        Guid? snapshotId,
        string? digest,
        HttpClient? by = null
    )
    {
        using var client = by ?? Approver;
        return await client.PostAsJsonAsync(
            $"/api/notifications/ops/reminders/{id}/approve",
            new ApproveRequest(snapshotId, digest)
        );
    }

    // The four-eyes path as it should go: test send by the operator, approval by the approver.
    public async Task ApproveAsync(Guid id, ReminderView view)
    {
        using (var sent = await TestSendAsync(id))
            await ExpectAsync(HttpStatusCode.OK, sent, id, "test send");
        using var approved = await ApproveAsync(id, view.SnapshotId, view.Digest);
        await ExpectAsync(HttpStatusCode.Accepted, approved, id, "approval");
    }

    // A step of the four eyes not taken: the problem the service answered and what happened to
    // the reminder (a test send once answered 503 with nothing else to go on).
    private async Task ExpectAsync(HttpStatusCode expected, HttpResponseMessage response, Guid id, string step)
    {
        if (response.StatusCode == expected)
            return;
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Fail($"{step}: {(int)response.StatusCode} {problem} {await WhatHappenedAsync(id)}");
    }

    public async Task<HttpResponseMessage> PostAsync(Guid id, string action, HttpClient? by = null)
    {
        using var client = by ?? Operator;
        return await client.PostAsync($"/api/notifications/ops/reminders/{id}/{action}", null);
    }

    // Approved while halted: the rows are planned and none is sent until it resumes.
    public async Task ApproveHaltedAsync(Guid id, ReminderView view)
    {
        using (var halt = await PostAsync(id, "halt"))
            Assert.Equal(HttpStatusCode.NoContent, halt.StatusCode);
        await ApproveAsync(id, view);
        await WaitForStateAsync(id, nameof(ReminderStateMachine.Sending));
    }

    // A sender claimed the first `count` rows an hour ago and died before it recorded anything.
    // The ids of the rows claimed, from the claim itself: their lease has run out, so the sweep
    // may turn them Unknown at once, and a later read by status could miss some.
    public Task<List<string>> ClaimAsBySenderThatDiedAsync(Guid id, int count) =>
        servers.Service.TextsAsync(
            """
            WITH claimed AS (
                UPDATE reminder_delivery
                SET status = 'Claimed', claimed_at = now() - interval '1 hour',
                    lease_until = now() - interval '1 minute'
                WHERE id IN (SELECT id FROM reminder_delivery WHERE reminder_id = $1 ORDER BY id LIMIT $2)
                RETURNING id)
            SELECT id::text FROM claimed
            """,
            id,
            count
        );
}
