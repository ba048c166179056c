namespace Habatan.BrowserTests;

// Issue 7, item 2, and DESIGN.md incident 1, points 5 to 7: a reviewer asks for a correction,
// the parent sees only the status and what to correct and corrects it; an auditor finds who read
// the application; an operator stops and resumes intake, and the parent is told so.
[Collection(BrowserCollection.Name)]
public sealed class ReviewPageTests(AppHostFixture system, Chromium chromium)
{
    private readonly Portal _portal = new(system, chromium);

    [Fact]
    public async Task AReviewerAsksForACorrectionThatTheParentMakesAndAnAuditorSeesTheRead()
    {
        var campaign = await ApplicationForm.OpenCampaignAsync(system);
        var parent = Applicant.Hanako(Accounts.NewApplicant());
        var (parentPage, number) = await ApplicationForm.ApplyOnPhoneAsync(_portal, campaign, parent);
        await using var phone = parentPage.Context;

        await using var reviewer = await SignedInWithRoleAsync("reviewer");
        var page = await reviewer.NewPageAsync();
        await page.GotoAsync("/ops/");
        await page.GetByRole(AriaRole.Link, new() { Name = "申請の審査" }).ClickAsync();
        foreach (
            var (to, label, reason, items) in new[]
            {
                ("Accepted", "受付済", "書類を確認しました", ""),
                ("NeedsCorrection", "不備対応中", "住所の確認が必要です", "住所の番地が本人確認書類と一致しません"),
            }
        )
        {
            var entry = page.Locator("#queue tbody tr").Filter(new() { HasText = number });
            await entry.GetByRole(AriaRole.Button, new() { Name = "開く" }).ClickAsync();
            await Assertions
                .Expect(page.Locator("#detail-body"))
                .ToContainTextAsync($"{parent.FamilyName} {parent.GivenName}");
            await page.GetByLabel("変更後の状態").SelectOptionAsync(to);
            await page.GetByLabel("理由").FillAsync(reason);
            await page.GetByLabel("修正してほしい項目").FillAsync(items);
            if (to == "NeedsCorrection")
                await Portal.ScreenshotAsync(page, "13-ops-review");
            await page.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
            await Assertions
                .Expect(
                    page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{number} を「{label}」にしました。" })
                )
                .ToBeVisibleAsync();
        }

        await parentPage.GotoAsync("/mypage/");
        var card = parentPage.Locator("#applications article");
        await Assertions.Expect(card.Locator(".status")).ToHaveTextAsync("不備対応中");
        await Assertions.Expect(card).ToContainTextAsync("住所の番地が本人確認書類と一致しません");
        await Assertions.Expect(card).Not.ToContainTextAsync(parent.Address);
        await Portal.ScreenshotAsync(parentPage, "08-mypage-correction-phone");
        await card.GetByLabel("修正した内容（必須）").FillAsync("番地を書類のとおりに直しました");
        await card.GetByLabel("住所").FillAsync("兵庫県神戸市中央区下山手通5-10-2");
        await card.GetByRole(AriaRole.Button, new() { Name = "修正を送信" }).ClickAsync();
        await Assertions.Expect(parentPage.Locator("#applications article .status")).ToHaveTextAsync("修正済");

        await using var auditor = await SignedInWithRoleAsync("auditor");
        var auditPage = await auditor.NewPageAsync();
        await auditPage.GotoAsync("/ops/audit/");
        await auditPage.GetByLabel("申請番号").FillAsync(number);
        await auditPage.Locator("#by-application").GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        var reads = auditPage.Locator("#audit-results tbody tr");
        await Assertions.Expect(reads.Filter(new() { HasText = "reviewer" })).ToHaveCountAsync(2);
        await Portal.ScreenshotAsync(auditPage, "15-ops-audit");
    }

    [Fact]
    public async Task AnOperatorStopsIntakeAndTheParentIsToldSoUntilItResumes()
    {
        var campaign = await ApplicationForm.OpenCampaignAsync(system);
        await using var operatorContext = await _portal.SignedInDesktopAsync(Accounts.Operator);
        var page = await operatorContext.NewPageAsync();
        await page.GotoAsync("/ops/intake/");
        var section = page.Locator("#campaign-list section").Filter(new() { HasText = campaign });
        await section
            .GetByRole(AriaRole.Textbox, new() { Name = "理由" })
            .First.FillAsync("申請内容の確認のため一時停止");
        await section.GetByRole(AriaRole.Button, new() { Name = "停止する" }).ClickAsync();
        section = page.Locator("#campaign-list section").Filter(new() { HasText = campaign });
        await Assertions.Expect(section.GetByRole(AriaRole.Button, new() { Name = "再開する" })).ToBeVisibleAsync();
        await Assertions.Expect(section.Locator("table")).ToContainTextAsync("申請内容の確認のため一時停止");
        await Portal.ScreenshotAsync(page, "14-ops-intake");

        await using var phone = await _portal.PhoneAsync();
        var parentPage = await phone.NewPageAsync();
        await parentPage.GotoAsync("/");
        var card = parentPage.Locator("#campaigns article").Filter(new() { HasText = campaign });
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = "申請する" })).ToHaveCountAsync(0);

        await section.GetByRole(AriaRole.Textbox, new() { Name = "理由" }).First.FillAsync("確認が終わったため再開");
        await section.GetByRole(AriaRole.Button, new() { Name = "再開する" }).ClickAsync();
        await Assertions
            .Expect(
                page.Locator("#campaign-list section")
                    .Filter(new() { HasText = campaign })
                    .GetByRole(AriaRole.Button, new() { Name = "停止する" })
            )
            .ToBeVisibleAsync();
        await parentPage.ReloadAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Link, new() { Name = "申請する" })).ToBeVisibleAsync();
    }

    // A fresh ops account: the admin grants the role through the API, then it signs in on the pages.
    private async Task<IBrowserContext> SignedInWithRoleAsync(string role)
    {
        var email = Accounts.NewApplicant();
        using var admin = system.SignIn.CreateClient(await system.OpsTokenAsync(Accounts.Admin));
        using var granted = await admin.PostAsJsonAsync("/api/members/admin/roles", new { email, role });
        Assert.Equal(HttpStatusCode.NoContent, granted.StatusCode);
        var context = await _portal.DesktopAsync();
        await _portal.SignInAsync(await context.NewPageAsync(), email);
        return context;
    }
}
