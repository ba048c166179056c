using System.Text.Json;

namespace Habatan.FunctionalTests.Notifications;

// Incident 2 replayed through the whole system: entitlements imported into Members, a reminder
// reminder with a declared count that does not match stops with the numbers side by side; the
// count is corrected, the operator cannot approve their own reminder, a second person with the
// approver role does, and the mail reaches exactly the members who had not fully charged.
// Runs on one process of everything and on two replicas of everything (Fleet/Drills*.cs).
public abstract class ReminderEndToEndTests(AppHostFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task MismatchStopsTheReminderAndASecondPersonReleasesItToExactlyTheAudience()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        using var approver = await NewApproverAsync(fixture);

        // 40 entitled members: 25 have not charged in full, 15 have.
        var (campaignCode, notCharged, charged) = await ImportAudienceAsync(ops, notCharged: 25, charged: 15);
        var subject = $"【はばタンPay+】チャージ期限のご案内 {Guid.NewGuid():N}";
        var id = await CreateAsync(ops, campaignCode, subject, declaredCount: 24, messagesPerSecond: 100);

        var stopped = await StateAsync(ops, id, "ReconciliationFailed");
        Assert.Equal(
            (24, 25, 40),
            (
                stopped.GetProperty("declared").GetInt32(),
                stopped.GetProperty("resolved").GetInt32(),
                stopped.GetProperty("bound").GetInt32()
            )
        );

        using (
            var fix = await ops.PutAsJsonAsync(
                $"/api/notifications/ops/reminders/{id}/declared-count",
                new { declaredCount = 25 }
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, fix.StatusCode);
        await ApproveAsTwoPeopleAsync(ops, approver, id);
        await StateAsync(ops, id, "Completed");

        var counts = await ArrivedAsync(subject, notCharged.Count);
        Assert.Equal(notCharged.Select(m => m.ToLowerInvariant()).Order(), counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.Equal(1, n));
        Assert.DoesNotContain(charged, m => counts.ContainsKey(m.ToLowerInvariant()));
    }

    // A halt is read by every sender's claim, so the mail stops within one batch on every replica;
    // a resume sends the rest, and nobody gets a mail twice.
    [Fact]
    public async Task AHaltStopsTheFanOutWithinABatchAndAResumeSendsTheRestOnce()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        using var approver = await NewApproverAsync(fixture);
        var (campaignCode, notCharged, _) = await ImportAudienceAsync(ops, notCharged: 30, charged: 0);
        var subject = $"【はばタンPay+】チャージ期限のご案内 {Guid.NewGuid():N}";
        var id = await CreateAsync(ops, campaignCode, subject, declaredCount: 30, messagesPerSecond: 2);
        var approval = await TestSendAsync(ops, id);
        await ApproveAsync(approver, id, approval);

        var mail = fixture.CreateMailSinkClient();
        await Eventually.GetAsync(() => mail.RecipientCountsAsync(subject), c => c.Count >= 2, Patience);
        await ControlAsync(ops, id, "halt");

        // A batch claimed before the halt may still finish: once none is in flight and what was
        // sent has arrived (the sink lags under load: 4 then 6 arrivals 3 s apart once), nothing
        // more is sent or arrives.
        var atHalt = await Eventually.GetAsync(() => EmailReportAsync(ops, id), r => r.InFlight == 0, Patience);
        Assert.Equal(0, atHalt.InFlight);
        var afterHalt = await Eventually.GetAsync(
            () => mail.RecipientCountsAsync(subject),
            c => c.Count >= atHalt.Sent,
            Patience
        );
        await Task.Delay(HaltSettles);
        Assert.Equal(atHalt.Sent, (await EmailReportAsync(ops, id)).Sent);
        Assert.Equal(afterHalt.Count, (await mail.RecipientCountsAsync(subject)).Count);
        Assert.InRange(afterHalt.Count, 2, notCharged.Count - 1);

        await ControlAsync(ops, id, "resume");
        await StateAsync(ops, id, "Completed");
        var counts = await ArrivedAsync(subject, notCharged.Count);
        Assert.Equal(notCharged.Select(m => m.ToLowerInvariant()).Order(), counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.Equal(1, n));
    }

    private static readonly TimeSpan HaltSettles = TimeSpan.FromSeconds(3);

    // A halt or resume not taken: the problem the service answered and what the servers warned of
    // meanwhile (a halt once answered 503 with nothing else to go on).
    private async Task ControlAsync(HttpClient ops, Guid id, string action)
    {
        var asked = DateTimeOffset.UtcNow;
        using var response = await ops.PostAsync(Route(id, action), null);
        if (response.StatusCode == HttpStatusCode.NoContent)
            return;
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Fail(
            $"{action}: {(int)response.StatusCode} {problem}{Environment.NewLine}"
                + await fixture.Logs.FailuresSinceAsync(asked.AddSeconds(-5), linesEach: 4, warnings: true)
        );
    }

    private sealed record EmailReport(int Sent, int InFlight);

    private static async Task<EmailReport> EmailReportAsync(HttpClient ops, Guid id)
    {
        var email = (await ReportChannelsAsync(ops, id)).Single(c => c.GetProperty("channel").GetString() == "email");
        return new(email.GetProperty("sent").GetInt32(), email.GetProperty("inFlight").GetInt32());
    }

    // The ops report's line per channel (sent, failed, not sent, in flight, ...).
    internal static async Task<List<JsonElement>> ReportChannelsAsync(HttpClient ops, Guid id)
    {
        var report = await ops.GetFromJsonAsync<JsonElement>($"/api/notifications/ops/reminders/{id}/report");
        return [.. report.GetProperty("channels").EnumerateArray()];
    }

    private static Uri Route(Guid id, string action) =>
        new($"/api/notifications/ops/reminders/{id}/{action}", UriKind.Relative);

    // A second person with the approver role, granted by an admin, signed in on their own.
    internal static async Task<HttpClient> NewApproverAsync(AppHostFixture fixture)
    {
        using var admin = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Admin));
        var email = Accounts.NewApplicant();
        using (var grant = await admin.PostAsJsonAsync("/api/members/admin/roles", new { email, role = "approver" }))
            Assert.Equal(HttpStatusCode.NoContent, grant.StatusCode);
        return fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(email));
    }

    // A campaign of its own: every member on the roster, entitled, some not charged in full.
    internal static async Task<(string Campaign, List<string> NotCharged, List<string> Charged)> ImportAudienceAsync(
        HttpClient ops,
        int notCharged,
        int charged
    )
    {
        var campaignCode = $"ft-{Guid.NewGuid():N}"[..16];
        var members = Enumerable.Range(0, notCharged + charged).Select(_ => Accounts.NewApplicant()).ToList();
        var (owing, paid) = (members.Take(notCharged).ToList(), members.Skip(notCharged).ToList());
        await ImportAsync(
            ops,
            "roster",
            "メールアドレス,アプリ内通知,退会日\r\n" + string.Concat(members.Select(m => $"{m},1,\r\n"))
        );
        await ImportAsync(
            ops,
            "entitlements",
            "メールアドレス,キャンペーン,口数,当選額,チャージ額\r\n"
                + string.Concat(owing.Select(m => $"{m},{campaignCode},2,20000,5000\r\n"))
                + string.Concat(paid.Select(m => $"{m},{campaignCode},2,20000,20000\r\n"))
        );
        return (campaignCode, owing, paid);
    }

    internal static async Task<Guid> CreateAsync(
        HttpClient ops,
        string campaignCode,
        string subject,
        int declaredCount,
        int messagesPerSecond
    )
    {
        using var created = await ops.PostAsJsonAsync(
            "/api/notifications/ops/reminders",
            new
            {
                name = "チャージ期限のご案内",
                audience = "won-not-fully-charged",
                campaignCode,
                subject,
                body = "{キャンペーン名}のチャージ期限は{期限}です。",
                channels = new[] { "email", "inbox" },
                declaredCount,
                sendFrom = DateTimeOffset.UtcNow.AddMinutes(-1),
                sendUntil = DateTimeOffset.UtcNow.AddDays(1),
                messagesPerSecond,
                seedList = new[] { "seed@habatan.example.jp" },
                campaignTitle = "はばタンPay+ 子育て応援枠",
                deadline = "2026-01-31",
            }
        );
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    // Waits for the reconciled snapshot, sends the test mail, and returns what an approver signs.
    private static async Task<object> TestSendAsync(HttpClient ops, Guid id)
    {
        var reconciled = await StateAsync(ops, id, "AwaitingApproval", logs: null);
        using (var testSend = await ops.PostAsync(Route(id, "test-send"), null))
            Assert.Equal(HttpStatusCode.OK, testSend.StatusCode);
        return new
        {
            snapshotId = reconciled.GetProperty("snapshotId").GetGuid(),
            digest = reconciled.GetProperty("digest").GetString(),
        };
    }

    // Test send by the operator, who may not approve; approval by the second person.
    internal static async Task ApproveAsTwoPeopleAsync(HttpClient ops, HttpClient approver, Guid id)
    {
        var approval = await TestSendAsync(ops, id);
        using (var self = await ops.PostAsJsonAsync($"/api/notifications/ops/reminders/{id}/approve", approval))
            Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        await ApproveAsync(approver, id, approval);
    }

    private static async Task ApproveAsync(HttpClient approver, Guid id, object approval)
    {
        using var approved = await approver.PostAsJsonAsync($"/api/notifications/ops/reminders/{id}/approve", approval);
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
    }

    private Task<IReadOnlyDictionary<string, int>> ArrivedAsync(string subject, int expected) =>
        Eventually.GetAsync(
            () => fixture.CreateMailSinkClient().RecipientCountsAsync(subject),
            c => c.Count >= expected,
            Patience
        );

    internal static Task ImportAsync(HttpClient ops, string kind, string csv) =>
        ImportJobPolling.ImportCsvAsync(ops, kind, csv);

    private Task<JsonElement> StateAsync(HttpClient ops, Guid id, string state) =>
        StateAsync(ops, id, state, fixture.Logs);

    // Not reached in time: the reminder as it stands and what the servers warned of meanwhile
    // (a fan-out stuck after a broker node died showed only its state).
    internal static async Task<JsonElement> StateAsync(HttpClient ops, Guid id, string state, ResourceLogs? logs = null)
    {
        var waiting = DateTimeOffset.UtcNow;
        var reminder = await Eventually.GetAsync(
            () => ops.GetFromJsonAsync<JsonElement>($"/api/notifications/ops/reminders/{id}"),
            c => c.GetProperty("state").GetString() == state,
            Patience
        );
        if (reminder.GetProperty("state").GetString() != state)
        {
            var warned = logs is null
                ? null
                : await logs.FailuresSinceAsync(waiting - Patience, linesEach: 4, warnings: true);
            Assert.Fail($"{reminder}{Environment.NewLine}{warned}");
        }
        return reminder;
    }
}
