using System.Text.Json;

namespace Habatan.FunctionalTests.Notifications;

// Issue #17, point 7, through the whole system: a series of three is planned once against
// members imported into Members; between reminders members charge in full (a new entitlement
// file); each reminder opens at its own time, stops until the day's declared count is entered,
// is resolved again from Members' current data, is approved by a second person, and reaches
// exactly the members still not fully charged: the audience shrinks from 30 to 20 to 10.
[Collection(AppHostCollection.Name)]
public sealed class ReminderSeriesEndToEndTests(AppHostFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ASeriesOfThreeShrinksWithEachChargeAndEachStepIsReconciledAndApprovedBySomeoneElse()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        using var approver = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Approver));
        var campaignCode = $"fs-{Guid.NewGuid():N}"[..16];
        var members = Enumerable.Range(0, 30).Select(_ => Accounts.NewApplicant()).ToList();
        await ReminderEndToEndTests.ImportAsync(
            ops,
            "roster",
            "メールアドレス,アプリ内通知,退会日\r\n" + string.Concat(members.Select(m => $"{m},1,\r\n"))
        );
        await ChargeAsync(ops, campaignCode, members, fullyCharged: 0);

        var subject = $"【はばタンPay+】チャージ期限のご案内（シリーズ） {Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow;
        using var planned = await ops.PostAsJsonAsync(
            "/api/notifications/ops/reminder-series",
            new
            {
                name = "チャージ期限のご案内",
                audience = "won-not-fully-charged",
                campaignCode,
                subject,
                body = "{キャンペーン名}のチャージ期限は{期限}です。",
                channels = new[] { "email" },
                messagesPerSecond = 100,
                seedList = new[] { "seed@habatan.example.jp" },
                campaignTitle = "はばタンPay+ 子育て応援枠",
                deadline = "2026-01-31",
                sendAt = new[] { now.AddSeconds(25), now.AddSeconds(35), now.AddSeconds(45) },
                windowHours = 1,
            }
        );
        Assert.True(planned.StatusCode == HttpStatusCode.Created, await planned.Content.ReadAsStringAsync());
        var seriesId = (await planned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var mail = fixture.CreateMailSinkClient();
        var expectedMails = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var step = 1; step <= 3; step++)
        {
            // Before each later step, ten more members charge in full.
            if (step > 1)
                await ChargeAsync(ops, campaignCode, members, fullyCharged: 10 * (step - 1));
            var stillOwing = members.Skip(10 * (step - 1)).ToList();
            var id = await OpenedAsync(ops, seriesId, step);

            var stopped = await ReminderEndToEndTests.StateAsync(ops, id, "ReconciliationFailed", fixture.Logs);
            Assert.Contains("申告件数が未入力", stopped.GetProperty("problem").GetString(), StringComparison.Ordinal);
            using (
                var declared = await ops.PutAsJsonAsync(
                    $"/api/notifications/ops/reminders/{id}/declared-count",
                    new { declaredCount = stillOwing.Count }
                )
            )
                Assert.Equal(HttpStatusCode.Accepted, declared.StatusCode);
            var reconciled = await ReminderEndToEndTests.StateAsync(ops, id, "AwaitingApproval", fixture.Logs);
            Assert.Equal(stillOwing.Count, reconciled.GetProperty("resolved").GetInt32());
            var awaiting = await approver.GetFromJsonAsync<JsonElement>("/api/notifications/ops/reminders/awaiting");
            Assert.Contains(awaiting.EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);

            await ReminderEndToEndTests.ApproveAsTwoPeopleAsync(ops, approver, id);
            await ReminderEndToEndTests.StateAsync(ops, id, "Completed", fixture.Logs);
            foreach (var member in stillOwing)
                expectedMails[member.ToLowerInvariant()] =
                    expectedMails.GetValueOrDefault(member.ToLowerInvariant()) + 1;
        }

        var counts = await Eventually.GetAsync(
            () => mail.RecipientCountsAsync(subject),
            c => c.Values.Sum() >= expectedMails.Values.Sum(),
            Patience
        );
        Assert.Equal(expectedMails.OrderBy(p => p.Key), counts.OrderBy(p => p.Key));
    }

    // The platform's entitlement file: the first `fullyCharged` members have charged in full.
    private static Task ChargeAsync(HttpClient ops, string campaignCode, List<string> members, int fullyCharged) =>
        ReminderEndToEndTests.ImportAsync(
            ops,
            "entitlements",
            "メールアドレス,キャンペーン,口数,当選額,チャージ額\r\n"
                + string.Concat(
                    members.Select((m, i) => $"{m},{campaignCode},2,20000,{(i < fullyCharged ? 20000 : 5000)}\r\n")
                )
        );

    private static async Task<Guid> OpenedAsync(HttpClient ops, Guid seriesId, int step)
    {
        var steps = await Eventually.GetAsync(
            () => ops.GetFromJsonAsync<JsonElement>($"/api/notifications/ops/reminder-series/{seriesId}"),
            s => s[step - 1].GetProperty("reminderId").ValueKind == JsonValueKind.String,
            Patience
        );
        return steps[step - 1].GetProperty("reminderId").GetGuid();
    }
}
