using System.Text.RegularExpressions;

namespace Habatan.BrowserTests;

// The portal as a person reaches it: a browser context on the gateway's address, on a phone or
// a desktop, signed in through the pages with the code read from the mail sink.
public sealed partial class Portal(AppHostFixture system, Chromium chromium)
{
    private static readonly TimeSpan MailPatience = TimeSpan.FromSeconds(60);

    // Members allows an address 5 codes per 15 minutes: ops accounts sign in once per run.
    private static readonly OnceUnlessFailed<string> SignedInStates = new();

    public Uri Address => system.App.GetEndpoint("gateway", "http");

    public static string ScreenshotDirectory { get; } =
        Path.Combine(RepositoryPaths.Root, "tests", "Habatan.BrowserTests", "screenshots");

    public Task<IBrowserContext> PhoneAsync() =>
        chromium.Browser.NewContextAsync(
            new(chromium.Playwright.Devices["Pixel 7"]) { BaseURL = Address.ToString(), Locale = "ja-JP" }
        );

    public Task<IBrowserContext> DesktopAsync(string? storageState = null) =>
        chromium.Browser.NewContextAsync(
            new()
            {
                BaseURL = Address.ToString(),
                Locale = "ja-JP",
                ViewportSize = new() { Width = 1280, Height = 900 },
                StorageState = storageState,
            }
        );

    // Fills in the sign-in page and the code from the mail; ends on the page sign-in leads to.
    // Still on the sign-in page after a minute: what the page and the servers said (seen once in a
    // full run, 30 s without a navigation and nothing else to go on).
    public async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/sign-in/");
        await page.GetByLabel("6桁のコード").FillAsync(await RequestCodeAsync(page, email));
        var clicked = DateTimeOffset.UtcNow;
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン", Exact = true }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(
                url => !url.Contains("/sign-in/", StringComparison.Ordinal),
                new() { Timeout = 60_000 }
            );
        }
        catch (TimeoutException)
        {
            var shown = await page.Locator("main").InnerTextAsync();
            Assert.Fail(
                $"Still on {page.Url} 60 s after サインイン; the page shows: {shown}{Environment.NewLine}"
                    + await system.Logs.FailuresSinceAsync(clicked, linesEach: 4, warnings: true)
            );
        }
    }

    // On the sign-in page: asks for a code and returns it once its mail is in the sink.
    public async Task<string> RequestCodeAsync(IPage page, string email)
    {
        var before = (await Mail.MessagesToAsync(email)).Select(m => m.Id).ToHashSet();
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "コードを送る" }).ClickAsync();
        return await MailedCodeAsync(email, before);
    }

    // A desktop context already signed in as this ops account (signed in through the pages once).
    public async Task<IBrowserContext> SignedInDesktopAsync(string email)
    {
        var state = await SignedInStates.GetAsync(
            $"{Address} {email}",
            async _ =>
            {
                await using var context = await DesktopAsync();
                var page = await context.NewPageAsync();
                await SignInAsync(page, email);
                return await context.StorageStateAsync();
            }
        );
        return await DesktopAsync(state);
    }

    public MailSinkClient Mail => system.CreateMailSinkClient();

    public HttpClient CreateGatewayClient() => system.CreateGatewayClient();

    public static Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        return page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }

    private async Task<string> MailedCodeAsync(string email, HashSet<string> before)
    {
        var messages = await Eventually.GetAsync(
            () => Mail.MessagesToAsync(email),
            m => m.Any(x => !before.Contains(x.Id)),
            MailPatience
        );
        var mail = Assert.Single(messages, m => !before.Contains(m.Id));
        return SixDigits().Match(mail.PlainText).Value;
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
