namespace Habatan.BrowserTests;

// Issue 7, item 5, and DESIGN.md incident 2: an operator creates a reminder over entitlements that
// exist, sees the mismatch stop it with the numbers side by side, fixes the declared count and
// test-sends; a second person with the approver role approves in their own browser, and the mail
// reaches exactly the members who have not charged in full. Then (point 6) the platform's
// corrected file shows one of them had charged in full: a correction created on the page goes to
// that member alone, with its numbers side by side and the same approval.
[Collection(BrowserCollection.Name)]
public sealed class ReminderPageTests(AppHostFixture system, Chromium chromium)
{
    private static readonly LocatorAssertionsToHaveTextOptions Settles = new() { Timeout = 90_000 };
    private readonly Portal _portal = new(system, chromium);

    [Fact]
    public async Task MismatchStopsTheReminderUntilFixedAndFourEyesApproveThenACorrectionReachesOnlyTheWrongRecipients()
    {
        var campaignCode = $"bt-{Guid.NewGuid():N}"[..16];
        var notCharged = new[] { Accounts.NewApplicant(), Accounts.NewApplicant() };
        var charged = Accounts.NewApplicant();
        using var ops = system.SignIn.CreateClient(await system.OpsTokenAsync(Accounts.Operator));
        await ImportAsync(
            ops,
            "roster",
            "メールアドレス,アプリ内通知,退会日\r\n"
                + string.Concat(notCharged.Append(charged).Select(m => $"{m},1,\r\n"))
        );
        await ImportAsync(
            ops,
            "entitlements",
            EntitlementsHeader
                + string.Concat(notCharged.Select(m => $"{m},{campaignCode},2,20000,5000\r\n"))
                + $"{charged},{campaignCode},2,20000,20000\r\n"
        );

        var subject = $"【はばタンPay+】チャージ期限のご案内 {Guid.NewGuid():N}";
        var seed = Accounts.NewApplicant();
        await using var operatorContext = await _portal.SignedInDesktopAsync(Accounts.Operator);
        var page = await operatorContext.NewPageAsync();
        await page.GotoAsync("/ops/");
        await page.GetByRole(AriaRole.Link, new() { Name = "リマインド配信" }).ClickAsync();
        var form = page.Locator("#create-form");
        await form.GetByLabel("名称", new() { Exact = true }).FillAsync("チャージ期限のご案内");
        await form.GetByLabel("対象キャンペーンのコード").FillAsync(campaignCode);
        await form.GetByLabel("申告件数").FillAsync("3");
        await form.GetByLabel("件名").FillAsync(subject);
        await form.GetByLabel("本文").FillAsync("チャージがまだお済みでない方へ。期限までにチャージしてください。");
        await form.GetByLabel("テスト送信先").FillAsync(seed);
        await Portal.ScreenshotAsync(page, "16-ops-reminder-create");
        await form.GetByRole(AriaRole.Button, new() { Name = "作成する" }).ClickAsync();

        var state = page.Locator("#reminder-state");
        await Assertions.Expect(state).ToHaveTextAsync("件数が一致せず停止中", Settles);
        await Assertions.Expect(page.Locator("#reconciliation tbody tr")).ToHaveTextAsync("323");
        await Assertions.Expect(page.Locator("#stop-notice")).ToContainTextAsync("配信は止まっています。");
        await Assertions.Expect(page.Locator("#approval")).ToHaveCountAsync(0);
        await Portal.ScreenshotAsync(page, "17-ops-reminder-mismatch");

        await page.GetByLabel("正しい申告件数").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "修正して照合し直す" }).ClickAsync();
        await Assertions.Expect(state).ToHaveTextAsync("承認待ち", Settles);
        await Assertions.Expect(page.Locator("#reconciliation tbody tr")).ToHaveTextAsync("223");
        await Assertions.Expect(page.Locator("#stop-notice")).ToHaveCountAsync(0);
        // The operator holds no approver role: the approve button is not theirs to press.
        await Assertions
            .Expect(page.GetByRole(AriaRole.Button, new() { Name = "2件への配信を承認する" }))
            .ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "テスト送信する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#approval")).ToContainTextAsync("テスト送信は済んでいます");
        var test = await Eventually.GetAsync(
            () => _portal.Mail.MessagesToAsync(seed),
            m => m.Count > 0,
            TimeSpan.FromSeconds(60)
        );
        Assert.Contains(test, m => m.Subject == $"[テスト送信] {subject}");
        var reminderUrl = page.Url;

        await using var approverContext = await _portal.SignedInDesktopAsync(Accounts.Approver);
        var approverPage = await approverContext.NewPageAsync();
        await approverPage.GotoAsync(reminderUrl);
        await Assertions.Expect(approverPage.Locator("#reminder-state")).ToHaveTextAsync("承認待ち");
        await Assertions.Expect(approverPage.Locator("#create-form")).ToBeHiddenAsync();
        await Portal.ScreenshotAsync(approverPage, "18-ops-reminder-approval");
        await approverPage.GetByRole(AriaRole.Button, new() { Name = "2件への配信を承認する" }).ClickAsync();
        await Assertions.Expect(approverPage.Locator("#reminder-state")).ToHaveTextAsync("配信完了", Settles);

        var counts = await Eventually.GetAsync(
            () => _portal.Mail.RecipientCountsAsync(subject),
            c => c.Count >= notCharged.Length,
            TimeSpan.FromSeconds(90)
        );
        Assert.Equal(notCharged.Select(m => m.ToLowerInvariant()).Order(), counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.Equal(1, n));
        Assert.False(counts.ContainsKey(charged.ToLowerInvariant()));
        await Assertions.Expect(approverPage.Locator("#report")).ToContainTextAsync("email");
        await Assertions
            .Expect(approverPage.GetByRole(AriaRole.Link, new() { Name = "レポートをCSVでダウンロード" }))
            .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"/report\.csv$"));
        await Portal.ScreenshotAsync(approverPage, "19-ops-reminder-report");

        // The corrected file: the first member had charged in full before the reminder went out.
        await ImportAsync(
            ops,
            "entitlements",
            EntitlementsHeader
                + $"{notCharged[0]},{campaignCode},2,20000,20000\r\n"
                + $"{notCharged[1]},{campaignCode},2,20000,5000\r\n"
                + $"{charged},{campaignCode},2,20000,20000\r\n"
        );
        var correctionSubject = $"【はばタンPay+】先ほどのご案内について（訂正） {Guid.NewGuid():N}";
        await page.GotoAsync(reminderUrl);
        await Assertions.Expect(state).ToHaveTextAsync("配信完了", Settles);
        await page.GetByRole(AriaRole.Button, new() { Name = "この配信の訂正を作成する" }).ClickAsync();
        await Assertions
            .Expect(
                form.GetByRole(
                    AriaRole.Heading,
                    new() { Name = "訂正配信を作成する（元の配信: チャージ期限のご案内）" }
                )
            )
            .ToBeVisibleAsync();
        await Assertions
            .Expect(form.GetByLabel("名称", new() { Exact = true }))
            .ToHaveValueAsync("【訂正】チャージ期限のご案内");
        await Assertions.Expect(form.GetByLabel("対象キャンペーンのコード")).ToBeHiddenAsync();
        await form.GetByLabel("申告件数").FillAsync("1");
        await form.GetByLabel("件名").FillAsync(correctionSubject);
        await form.GetByLabel("本文")
            .FillAsync(
                "先ほどのチャージ期限のご案内は、チャージがお済みの方にも届い"
                    + "ていました。お済みの方は対応不要です。"
            );
        await form.GetByLabel("テスト送信先").FillAsync(seed);
        await form.GetByRole(AriaRole.Button, new() { Name = "訂正配信を作成する" }).ClickAsync();

        await Assertions.Expect(state).ToHaveTextAsync("承認待ち", Settles);
        await Assertions.Expect(page.Locator("#reminder-body")).ToContainTextAsync("元の配信を開く");
        await Assertions
            .Expect(page.Locator("#reconciliation th"))
            .ToHaveTextAsync(["申告件数", "抽出件数", "上限（元の配信の送信済み人数）"]);
        await Assertions.Expect(page.Locator("#reconciliation tbody td")).ToHaveTextAsync(["1", "1", "2"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "テスト送信する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#approval")).ToContainTextAsync("テスト送信は済んでいます");
        await Portal.ScreenshotAsync(page, "23-ops-reminder-correction");

        await approverPage.GotoAsync(page.Url);
        await approverPage.GetByRole(AriaRole.Button, new() { Name = "1件への配信を承認する" }).ClickAsync();
        await Assertions.Expect(approverPage.Locator("#reminder-state")).ToHaveTextAsync("配信完了", Settles);
        var corrections = await Eventually.GetAsync(
            () => _portal.Mail.RecipientCountsAsync(correctionSubject),
            c => c.Count >= 1,
            TimeSpan.FromSeconds(60)
        );
        Assert.Equal(new Dictionary<string, int> { [notCharged[0].ToLowerInvariant()] = 1 }, corrections);
    }

    private const string EntitlementsHeader = "メールアドレス,キャンペーン,口数,当選額,チャージ額\r\n";

    private static Task<ImportOutcome> ImportAsync(HttpClient ops, string kind, string csv) =>
        ImportJobPolling.ImportCsvAsync(ops, kind, csv);
}
