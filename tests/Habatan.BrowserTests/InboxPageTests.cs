using System.Text.Json;
using Habatan.TestSupport.Applications;

namespace Habatan.BrowserTests;

// Issue 7, item 1, and DESIGN.md incident 1 point 1 / incident 2 point 5: a member reads
// アプリの「事務局からのお知らせ」 on a phone. Two members get correction requests at the same time;
// each inbox holds its owner's notices only, newest first, and marking one read changes that one.
[Collection(BrowserCollection.Name)]
public sealed class InboxPageTests(AppHostFixture system, Chromium chromium)
{
    private static readonly TimeSpan NoticePatience = TimeSpan.FromSeconds(60);
    private readonly Portal _portal = new(system, chromium);

    [Fact]
    public async Task AMemberSeesOnlyTheirOwnNoticesNewestFirstAndMarksOneRead()
    {
        var campaign = await ApplicationForm.OpenCampaignAsync(system);
        var ownEmail = Accounts.NewApplicant();
        await using var phone = await _portal.PhoneAsync();
        var page = await phone.NewPageAsync();
        await _portal.SignInAsync(page, ownEmail);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー" })
            .GetByRole(AriaRole.Link, new() { Name = "お知らせ" })
            .ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Heading, new() { Name = "事務局からのお知らせ" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("お知らせはまだありません。")).ToBeVisibleAsync();

        var own = await ApplicantAsync(ownEmail, campaign);
        var other = await ApplicantAsync(Accounts.NewApplicant(), campaign);
        var firstItem = $"住所の番地が本人確認書類と一致しません {Guid.NewGuid():N}";
        var secondItem = $"本人確認書類の裏面が読み取れません {Guid.NewGuid():N}";
        var othersItem = $"電話番号がつながりません {Guid.NewGuid():N}";
        using var reviewer = system.SignIn.CreateClient(await system.OpsTokenAsync(Accounts.Reviewer));
        await TransitionAsync(reviewer, own.Number, "Accepted");
        await TransitionAsync(reviewer, other.Number, "Accepted");
        await TransitionAsync(reviewer, own.Number, "NeedsCorrection", firstItem);
        await TransitionAsync(reviewer, other.Number, "NeedsCorrection", othersItem);
        await NoticesAsync(own, 1);
        using (var client = system.SignIn.CreateClient(own.Token))
        using (
            var corrected = await client.PostAsJsonAsync(
                $"/api/mypage/applications/{own.Number}/correction",
                new { note = "番地を直しました" }
            )
        )
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        await TransitionAsync(reviewer, own.Number, "NeedsCorrection", secondItem);
        await NoticesAsync(own, 2);

        await page.ReloadAsync();
        var notices = page.Locator("#notices > li");
        await Assertions.Expect(notices).ToHaveCountAsync(2);
        await Assertions.Expect(notices.Nth(0)).ToContainTextAsync(secondItem);
        await Assertions.Expect(notices.Nth(1)).ToContainTextAsync(firstItem);
        await Assertions.Expect(notices.Locator(".badge.unread")).ToHaveCountAsync(2);
        // The marker is in the notice's heading, so a screen reader says 「未読」 with the title.
        await Assertions
            .Expect(notices.Nth(0).GetByRole(AriaRole.Heading))
            .ToHaveTextAsync("未読 はばタンPay+ 申請内容の修正のお願い");
        await Assertions.Expect(page.Locator("#unread-count")).ToHaveTextAsync("未読のお知らせ: 2件");
        await AssertNothingOfAsync(page, other, othersItem);
        await Portal.ScreenshotAsync(page, "20-inbox-phone");

        await notices.Nth(0).GetByRole(AriaRole.Button, new() { Name = "既読にする" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("既読にしました");
        await Assertions.Expect(notices.Nth(0).Locator(".badge.unread")).ToHaveCountAsync(0);
        await Assertions
            .Expect(notices.Nth(0).GetByRole(AriaRole.Button, new() { Name = "既読にする" }))
            .ToHaveCountAsync(0);
        await Assertions.Expect(notices.Nth(1).Locator(".badge.unread")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#unread-count")).ToHaveTextAsync("未読のお知らせ: 1件");
        await page.ReloadAsync();
        await Assertions.Expect(notices).ToHaveCountAsync(2);
        await Assertions.Expect(notices.Nth(0).Locator(".badge.unread")).ToHaveCountAsync(0);
        await Assertions.Expect(notices.Nth(1).Locator(".badge.unread")).ToHaveCountAsync(1);
        await AssertNothingOfAsync(page, other, othersItem);

        await page.GotoAsync("/mypage/");
        await Assertions.Expect(page.Locator("#inbox-unread")).ToHaveTextAsync("未読のお知らせが1件あります。");

        // The other member's notice is theirs alone, untouched by this member's reading.
        var others = await NoticesAsync(other, 1);
        var othersNotice = Assert.Single(others);
        Assert.Equal(JsonValueKind.Null, othersNotice.GetProperty("readAt").ValueKind);
        Assert.Contains(othersItem, othersNotice.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(own.Number, othersNotice.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    private static async Task AssertNothingOfAsync(IPage page, Member other, string othersItem)
    {
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain(other.Number, text, StringComparison.Ordinal);
        Assert.DoesNotContain(othersItem, text, StringComparison.Ordinal);
        foreach (var value in other.Person.PersonalValues().Append(other.Email))
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
    }

    private sealed record Member(string Email, string Token, Person Person, string Number);

    // A member who applied through the API (the form itself is ApplicationPageTests' subject).
    private async Task<Member> ApplicantAsync(string email, string campaign)
    {
        var token = await system.SignIn.SignInAsync(email);
        var person = Person.New();
        using var client = system.SignIn.CreateClient(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions")
        {
            Content = new SubmissionForm(campaign, person).ToContent(),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return new Member(
            email,
            token,
            person,
            JsonDocument.Parse(body).RootElement.GetProperty("applicationNumber").GetString()!
        );
    }

    private static async Task TransitionAsync(HttpClient reviewer, string number, string to, string? item = null)
    {
        using var response = await reviewer.PostAsJsonAsync(
            $"/api/applications/review/applications/{number}/transitions",
            new
            {
                to,
                reason = "書類を確認しました",
                items = item is null ? Array.Empty<string>() : new[] { item },
            }
        );
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    // Notifications posts a notice when it consumes the request: wait until this many are there.
    private async Task<List<JsonElement>> NoticesAsync(Member member, int count)
    {
        using var client = system.SignIn.CreateClient(member.Token);
        var notices = await Eventually.GetAsync(
            async () =>
                (await client.GetFromJsonAsync<JsonElement>("/api/notifications/inbox")).EnumerateArray().ToList(),
            n => n.Count >= count,
            NoticePatience
        );
        Assert.Equal(count, notices.Count);
        return notices;
    }
}
