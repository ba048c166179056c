using System.Text.Json;

namespace Habatan.BrowserTests;

// Issue 7, item 3: a content security policy on every answer, and anti-forgery protection for
// every unsafe request the session cookie authenticates.
[Collection(BrowserCollection.Name)]
public sealed class SecurityTests(AppHostFixture system, Chromium chromium)
{
    private const string Forgery = "このリクエストは受け付けられませんでした。";
    private readonly Portal _portal = new(system, chromium);

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/sign-in/", HttpStatusCode.OK)]
    [InlineData("/css/site.css", HttpStatusCode.OK)]
    [InlineData("/js/api.js", HttpStatusCode.OK)]
    [InlineData("/api/members/me", HttpStatusCode.Unauthorized)]
    [InlineData("/nothing-here", HttpStatusCode.NotFound)]
    public async Task EveryAnswerCarriesTheSecurityHeaders(string path, HttpStatusCode status)
    {
        using var gateway = _portal.CreateGatewayClient();
        using var response = await gateway.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(status, response.StatusCode);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task TheBrowserBlocksAnInjectedInlineScript()
    {
        await using var context = await _portal.DesktopAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in/");

        // As an injection would: a script element with inline code, added to the live page.
        var outcome = await page.EvaluateAsync<JsonElement>(
            """
            () => new Promise(resolve => {
              document.addEventListener(
                'securitypolicyviolation',
                e => resolve({ directive: e.effectiveDirective, ran: window.injected === true }),
                { once: true });
              const script = document.createElement('script');
              script.textContent = 'window.injected = true;';
              document.body.append(script);
              setTimeout(() => resolve({ directive: 'none', ran: window.injected === true }), 3000);
            })
            """
        );

        Assert.False(outcome.GetProperty("ran").GetBoolean());
        Assert.StartsWith("script-src", outcome.GetProperty("directive").GetString(), StringComparison.Ordinal);
        // The page's own module scripts (same origin) still run: the sign-in form works.
        await Assertions.Expect(page.GetByLabel("メールアドレス")).ToBeEditableAsync();
    }

    [Fact]
    public async Task AnUnsafeRequestWithoutTheAntiForgeryTokenIsRefusedAndChangesNothing()
    {
        await using var context = await _portal.DesktopAsync();
        var page = await context.NewPageAsync();
        await _portal.SignInAsync(page, Accounts.NewApplicant());

        // What a forged request amounts to: the cookies go along, the header does not.
        foreach (var path in new[] { "/api/session/sign-out", "/api/members/sign-out" })
        {
            foreach (var header in new[] { null, "not-the-cookie-value" })
            {
                var refused = await FetchAsync(page, path, header);
                Assert.Equal(403, refused.GetProperty("status").GetInt32());
                Assert.Contains(Forgery, refused.GetProperty("body").GetString(), StringComparison.Ordinal);
            }
        }

        // Nothing happened: the session is still signed in.
        Assert.Equal(200, (await FetchAsync(page, "/api/members/me", method: "GET")).GetProperty("status").GetInt32());
        Assert.Contains(await context.CookiesAsync(), c => c.Name == "habatan-session");
    }

    [Fact]
    public async Task SigningOutOnThePageEndsTheSessionEverywhere()
    {
        await using var context = await _portal.DesktopAsync();
        var page = await context.NewPageAsync();
        await _portal.SignInAsync(page, Accounts.NewApplicant());
        var token = Assert.Single(await context.CookiesAsync(), c => c.Name == "habatan-session").Value;

        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();
        await Assertions.Expect(page.GetByText("サインアウトしました。")).ToBeVisibleAsync();
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name is "habatan-session" or "habatan-csrf");

        await page.GotoAsync("/mypage/");
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(_portal.Address, "/sign-in/").ToString());

        // Members revoked the session: the old token no longer works, even as a bearer token.
        using var gateway = _portal.CreateGatewayClient();
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var status = await Eventually.GetAsync(
            async () => (await gateway.GetAsync(new Uri("/api/members/me", UriKind.Relative))).StatusCode,
            s => s == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(20)
        );
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task AFormSentBeforeItsScriptRunsPutsNothingInTheAddress()
    {
        // A slow phone: the page is shown, its module has not run, and the person taps the button.
        await using var context = await chromium.Browser.NewContextAsync(
            new() { BaseURL = _portal.Address.ToString(), JavaScriptEnabled = false }
        );
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in/");
        var email = Accounts.NewApplicant();
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "コードを送る" }).ClickAsync();
        await page.WaitForLoadStateAsync();

        Assert.DoesNotContain("@", Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);
        Assert.DoesNotContain(email.Split('@')[0], page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiClientsWithABearerTokenNeedNoAntiForgeryToken()
    {
        var token = await system.SignIn.SignInAsync(Accounts.NewApplicant());
        using var client = system.SignIn.CreateClient(token);
        using var signOut = await client.PostAsync(new Uri("/api/members/sign-out", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
    }

    // fetch() from inside the signed-in page, so the browser attaches its cookies itself.
    private static Task<JsonElement> FetchAsync(
        IPage page,
        string path,
        string? csrfHeader = null,
        string method = "POST"
    ) =>
        page.EvaluateAsync<JsonElement>(
            """
            async ([path, header, method]) => {
              const headers = header === null ? {} : { 'X-CSRF-Token': header };
              const response = await fetch(path, { method, headers });
              return { status: response.status, body: await response.text() };
            }
            """,
            new object?[] { path, csrfHeader, method }
        );
}
