namespace Habatan.BrowserTests;

// Issue 7, item 1 and DESIGN.md incident 1, point 1: a parent signs in on a phone with the code
// from the mail and reaches My Page; the token lives in a cookie no script can read, and no
// address the browser asks for carries the e-mail address.
[Collection(BrowserCollection.Name)]
public sealed class SignInPageTests(AppHostFixture system, Chromium chromium)
{
    private readonly Portal _portal = new(system, chromium);

    // The header, its menu and the footer are in the page as the gateway serves it
    // (src/Gateway/Portal/PortalChrome.cs), not drawn by a script: a phone that has not run, or
    // cannot run, the page's module still shows them and can follow the menu to sign in.
    [Fact]
    public async Task TheTopAndSignInPagesShowTheirHeaderWithoutJavaScript()
    {
        await using var phone = await chromium.Browser.NewContextAsync(
            new(chromium.Playwright.Devices["Pixel 7"])
            {
                BaseURL = _portal.Address.ToString(),
                Locale = "ja-JP",
                JavaScriptEnabled = false,
            }
        );
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/");
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー" });
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "マイページ" })).ToBeVisibleAsync();
        await menu.GetByRole(AriaRole.Link, new() { Name = "サインイン" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(_portal.Address, "/sign-in/").ToString());
        var brand = page.GetByRole(AriaRole.Link, new() { Name = "はばタンPay+ 申請ポータル" });
        await Assertions.Expect(brand).ToHaveAttributeAsync("href", "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("サインイン");
        await Assertions.Expect(page.Locator("footer")).ToHaveTextAsync("はばタンPay+ 事務局");
    }

    [Fact]
    public async Task AParentSignsInOnAPhoneAndReachesMyPage()
    {
        var email = Accounts.NewApplicant();
        await using var phone = await _portal.PhoneAsync();
        var page = await phone.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);

        await page.GotoAsync("/");
        await Assertions
            .Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }))
            .ToContainTextAsync("はばタンPay+");
        await Portal.ScreenshotAsync(page, "01-top-phone");
        await page.GetByRole(AriaRole.Link, new() { Name = "サインインして始める" }).ClickAsync();
        await _portal.SignInAsync(page, email);

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(_portal.Address, "/mypage/").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "マイページ" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("サインインしています。")).ToBeVisibleAsync();
        await Portal.ScreenshotAsync(page, "03-mypage-phone");

        var session = Assert.Single(await phone.CookiesAsync(), c => c.Name == "habatan-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("/", session.Path);
        var scriptCookies = await page.EvaluateAsync<string>("() => document.cookie");
        Assert.DoesNotContain(session.Value, scriptCookies, StringComparison.Ordinal);

        Assert.NotEmpty(requested);
        foreach (var url in requested)
        {
            Assert.DoesNotContain(email, Uri.UnescapeDataString(url), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@", new Uri(url).PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheTokenNeverReachesThePagesScripts()
    {
        await using var context = await _portal.DesktopAsync();
        var page = await context.NewPageAsync();
        // Read what the page's script receives on the way through (the page navigates away after).
        var body = "";
        await page.RouteAsync(
            "**/api/session/verify",
            async route =>
            {
                var response = await route.FetchAsync();
                body = await response.TextAsync();
                await route.FulfillAsync(new() { Response = response });
            }
        );
        await _portal.SignInAsync(page, Accounts.NewApplicant());

        var token = Assert.Single(await context.CookiesAsync(), c => c.Name == "habatan-session").Value;
        Assert.Contains("expiresAt", body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.DoesNotContain("accessToken", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMistypedAddressAndAWrongCodeAreShownNextToTheField()
    {
        await using var phone = await _portal.PhoneAsync();
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/sign-in/");

        var address = page.GetByLabel("メールアドレス");
        await address.FillAsync("hanako@");
        await page.GetByRole(AriaRole.Button, new() { Name = "コードを送る" }).ClickAsync();
        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToContainTextAsync("入力内容を確認してください。");
        await Assertions
            .Expect(summary.GetByRole(AriaRole.Link))
            .ToContainTextAsync("メールアドレスの形式が正しくありません");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(address).ToHaveAttributeAsync("aria-invalid", "true");
        await Portal.ScreenshotAsync(page, "02-sign-in-field-error-phone");

        var mailed = await _portal.RequestCodeAsync(page, Accounts.NewApplicant());
        var code = page.GetByLabel("6桁のコード");
        await Assertions.Expect(code).ToBeFocusedAsync();
        await code.FillAsync(mailed == "000000" ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("コードが正しくありません。");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("あと4回入力できます。");
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(_portal.Address, "/sign-in/").ToString());
    }
}
