namespace Habatan.BrowserTests;

// Issue 7, item 2: the ops console shows each person only what their token's roles allow; the
// gateway and the services refuse the rest whatever the page shows.
[Collection(BrowserCollection.Name)]
public sealed class OpsConsoleTests(AppHostFixture system, Chromium chromium)
{
    private const string NoPermission = "このページを使う権限がありません。";
    private readonly Portal _portal = new(system, chromium);

    [Fact]
    public async Task AnOperatorSeesOperatorSectionsOnlyAndTracesAMessageThroughTheServices()
    {
        await using var context = await _portal.SignedInDesktopAsync(Accounts.Operator);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/ops/");
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "業務メニュー" });
        await Assertions
            .Expect(menu.GetByRole(AriaRole.Link, new() { Name = "メッセージ経路の確認" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "権限の付与" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#my-roles")).ToHaveTextAsync("運用担当");
        await Portal.ScreenshotAsync(page, "10-ops-console");

        await menu.GetByRole(AriaRole.Link, new() { Name = "メッセージ経路の確認" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "確認用メッセージを送る" }).ClickAsync();
        var rows = page.Locator("#probe-results tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        foreach (var row in await rows.AllAsync())
        {
            await Assertions.Expect(row).ToContainTextAsync("受信（送信元: applications）");
            await Assertions
                .Expect(row.Locator("td").Nth(2))
                .ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{32}$"));
        }
        await Portal.ScreenshotAsync(page, "11-ops-probes");

        // The admin's page stays shut, and so does the API behind it.
        await page.GotoAsync("/ops/roles/");
        await Assertions.Expect(page.GetByText(NoPermission)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "付与する" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task AnAdminGrantsARoleOnThePageTheNewReviewerSeesItAndLosesItWhenRevoked()
    {
        var reviewer = Accounts.NewApplicant();
        await using (var context = await _portal.SignedInDesktopAsync(Accounts.Admin))
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/ops/");
            var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "業務メニュー" });
            await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "権限の付与" })).ToBeVisibleAsync();
            await Assertions
                .Expect(menu.GetByRole(AriaRole.Link, new() { Name = "メッセージ経路の確認" }))
                .ToHaveCountAsync(0);

            await menu.GetByRole(AriaRole.Link, new() { Name = "権限の付与" }).ClickAsync();
            await page.GetByLabel("事務局員のメールアドレス").FillAsync("not-an-address");
            await page.GetByRole(AriaRole.Button, new() { Name = "付与する" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("入力内容を確認してください。");

            await SubmitRoleAsync(page, reviewer, "reviewer", "付与する");
            await Assertions
                .Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "付与しました" }))
                .ToBeVisibleAsync();
            Assert.DoesNotContain(reviewer, page.Url, StringComparison.OrdinalIgnoreCase);
            await Portal.ScreenshotAsync(page, "12-ops-roles");
        }

        await using var reviewerContext = await _portal.DesktopAsync();
        var reviewerPage = await reviewerContext.NewPageAsync();
        await _portal.SignInAsync(reviewerPage, reviewer);
        await Assertions.Expect(reviewerPage).ToHaveURLAsync(new Uri(_portal.Address, "/ops/").ToString());
        await Assertions.Expect(reviewerPage.Locator("#my-roles")).ToHaveTextAsync("審査担当");

        // Revoked on the same page: the reviewer's session ends with it, so the next page they
        // open sends them to sign in again.
        await using (var context = await _portal.SignedInDesktopAsync(Accounts.Admin))
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/ops/roles/");
            await SubmitRoleAsync(page, reviewer, "reviewer", "取り消す");
            await Assertions
                .Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "取り消しました" }))
                .ToContainTextAsync("セッション 1 件を終了しました");
        }
        await reviewerPage.ReloadAsync();
        await Assertions.Expect(reviewerPage).ToHaveURLAsync(new Uri(_portal.Address, "/sign-in/").ToString());
    }

    private static async Task SubmitRoleAsync(IPage page, string email, string role, string button)
    {
        await page.GetByLabel("事務局員のメールアドレス").FillAsync(email);
        await page.GetByLabel("付与する権限").SelectOptionAsync(role);
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
    }

    [Fact]
    public async Task AnApplicantFindsTheConsoleShut()
    {
        await using var phone = await _portal.PhoneAsync();
        var page = await phone.NewPageAsync();
        await _portal.SignInAsync(page, Accounts.NewApplicant());
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(_portal.Address, "/mypage/").ToString());

        await page.GotoAsync("/ops/");
        await Assertions.Expect(page.GetByText(NoPermission)).ToBeVisibleAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "業務メニュー" }).GetByRole(AriaRole.Link))
            .ToHaveCountAsync(0);
        await page.GotoAsync("/ops/probes/");
        await Assertions.Expect(page.GetByText(NoPermission)).ToBeVisibleAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Button, new() { Name = "確認用メッセージを送る" }))
            .ToBeHiddenAsync();
    }
}
