using System.Text.Json;

namespace Habatan.FunctionalTests.Notifications;

// The notifications routes through the gateway: ops reminder pages for operators (and
// approvers), the in-app inbox for signed-in members, nothing for anyone else.
[Collection(AppHostCollection.Name)]
public sealed class NotificationRoutesTests(AppHostFixture fixture)
{
    [Fact]
    public async Task ReminderOpsRoutesAdmitOperatorsAndRefuseMembers()
    {
        var name = $"チャージ期限のご案内 {Guid.NewGuid():N}";
        using var operatorClient = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        using var created = await operatorClient.PostAsJsonAsync(
            "/api/notifications/ops/reminders",
            Reminder(name, "{キャンペーン名}のチャージ期限は{期限}です。")
        );
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var reminder = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/notifications/ops/reminders/{id}");
        Assert.Equal(name, reminder.GetProperty("name").GetString());
        Assert.Equal(
            "はばタンPay+ 子育て応援枠のチャージ期限は2026年1月31日です。",
            reminder.GetProperty("body").GetString()
        );

        // A personal placeholder is refused with a message an operator can act on.
        using (
            var personal = await operatorClient.PostAsJsonAsync(
                "/api/notifications/ops/reminders",
                Reminder(name, "{氏名}様")
            )
        )
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, personal.StatusCode);
            Assert.Contains("{氏名}", await personal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var member = fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(Accounts.NewApplicant()));
        using (var refused = await member.GetAsync(new Uri($"/api/notifications/ops/reminders/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.DoesNotContain(name, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Empty((await member.GetFromJsonAsync<JsonElement[]>("/api/notifications/inbox"))!);

        using var anonymous = fixture.CreateGatewayClient();
        using (var unauthenticated = await anonymous.GetAsync(new Uri("/api/notifications/inbox", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    private static object Reminder(string name, string body) =>
        new
        {
            name,
            audience = "won-not-fully-charged",
            campaignCode = "hp4-kosodate-2",
            subject = "【はばタンPay+】チャージ期限のご案内",
            body,
            channels = new[] { "email", "inbox" },
            declaredCount = 24308,
            sendFrom = DateTimeOffset.UtcNow,
            sendUntil = DateTimeOffset.UtcNow.AddDays(1),
            messagesPerSecond = 50,
            seedList = new[] { "seed@habatan.example.jp" },
            campaignTitle = "はばタンPay+ 子育て応援枠",
            deadline = "2026-01-31",
        };
}
