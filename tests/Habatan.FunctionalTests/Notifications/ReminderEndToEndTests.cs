using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Habatan.FunctionalTests.Notifications;

// Incident 2 replayed through the whole system: entitlements imported into Members, a reminder
// reminder with a declared count that does not match stops with the numbers side by side; the
// count is corrected, the operator cannot approve their own reminder, a second person with the
// approver role does, and the mail reaches exactly the members who had not fully charged.
[Collection(AppHostCollection.Name)]
public sealed class ReminderEndToEndTests(AppHostFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task MismatchStopsTheReminderAndASecondPersonReleasesItToExactlyTheAudience()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        using var admin = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Admin));
        var approverEmail = Accounts.NewApplicant();
        using (
            var grant = await admin.PostAsJsonAsync(
                "/api/members/admin/roles",
                new { email = approverEmail, role = "approver" }
            )
        )
            Assert.Equal(HttpStatusCode.NoContent, grant.StatusCode);
        using var approver = fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(approverEmail));

        // 40 entitled members: 25 have not charged in full, 15 have.
        var campaignCode = $"ft-{Guid.NewGuid():N}"[..16];
        var members = Enumerable.Range(0, 40).Select(_ => Accounts.NewApplicant()).ToList();
        var notCharged = members.Take(25).ToList();
        var charged = members.Skip(25).ToList();
        await ImportAsync(
            ops,
            "roster",
            "メールアドレス,アプリ内通知,退会日\r\n" + string.Concat(members.Select(m => $"{m},1,\r\n"))
        );
        await ImportAsync(
            ops,
            "entitlements",
            "メールアドレス,キャンペーン,口数,当選額,チャージ額\r\n"
                + string.Concat(notCharged.Select(m => $"{m},{campaignCode},2,20000,5000\r\n"))
                + string.Concat(charged.Select(m => $"{m},{campaignCode},2,20000,20000\r\n"))
        );

        var subject = $"【はばタンPay+】チャージ期限のご案内 {Guid.NewGuid():N}";
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
                declaredCount = 24,
                sendFrom = DateTimeOffset.UtcNow.AddMinutes(-1),
                sendUntil = DateTimeOffset.UtcNow.AddDays(1),
                messagesPerSecond = 100,
                seedList = new[] { "seed@habatan.example.jp" },
                campaignTitle = "はばタンPay+ 子育て応援枠",
                deadline = "2026-01-31",
            }
        );
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

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
        var reconciled = await StateAsync(ops, id, "AwaitingApproval");
        await ApproveAsTwoPeopleAsync(ops, approver, id, reconciled);
        await StateAsync(ops, id, "Completed");

        var mail = fixture.CreateMailSinkClient();
        var counts = await Eventually.GetAsync(
            () => mail.RecipientCountsAsync(subject),
            c => c.Count >= notCharged.Count,
            Patience
        );
        Assert.Equal(notCharged.Select(m => m.ToLowerInvariant()).Order(), counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.Equal(1, n));
        Assert.DoesNotContain(charged, m => counts.ContainsKey(m.ToLowerInvariant()));
    }

    // Test send by the operator, who may not approve; approval by the second person.
    internal static async Task ApproveAsTwoPeopleAsync(
        HttpClient ops,
        HttpClient approver,
        Guid id,
        JsonElement reconciled
    )
    {
        var approval = new
        {
            snapshotId = reconciled.GetProperty("snapshotId").GetGuid(),
            digest = reconciled.GetProperty("digest").GetString(),
        };
        using (
            var testSend = await ops.PostAsync(
                new Uri($"/api/notifications/ops/reminders/{id}/test-send", UriKind.Relative),
                null
            )
        )
            Assert.Equal(HttpStatusCode.OK, testSend.StatusCode);
        using (var self = await ops.PostAsJsonAsync($"/api/notifications/ops/reminders/{id}/approve", approval))
            Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        using (
            var approved = await approver.PostAsJsonAsync($"/api/notifications/ops/reminders/{id}/approve", approval)
        )
            Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
    }

    internal static async Task ImportAsync(HttpClient ops, string kind, string csv)
    {
        using var content = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)])
        {
            Headers = { ContentType = new MediaTypeHeaderValue("text/csv") },
        };
        using var response = await ops.PostAsync(
            new Uri($"/api/members/ops/imports/{kind}", UriKind.Relative),
            content
        );
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    internal static async Task<JsonElement> StateAsync(HttpClient ops, Guid id, string state)
    {
        var reminder = await Eventually.GetAsync(
            () => ops.GetFromJsonAsync<JsonElement>($"/api/notifications/ops/reminders/{id}"),
            c => c.GetProperty("state").GetString() == state,
            Patience
        );
        Assert.True(reminder.GetProperty("state").GetString() == state, reminder.ToString());
        return reminder;
    }
}
