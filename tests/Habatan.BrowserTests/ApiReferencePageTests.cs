using System.Collections.Concurrent;

namespace Habatan.BrowserTests;

// Issue 13, item 10: the API reference renders the services' documents under its own policy
// (a nonce for its script, nothing from other origins), and the browser reports no violation.
[Collection(BrowserCollection.Name)]
public sealed class ApiReferencePageTests(AppHostFixture system, Chromium chromium)
{
    private readonly Portal _portal = new(system, chromium);

    [Fact]
    public async Task AnOperatorReadsTheReferenceWithoutAPolicyViolation()
    {
        await using var context = await _portal.SignedInDesktopAsync(Accounts.Operator);
        var page = await context.NewPageAsync();
        var violations = new ConcurrentQueue<string>();
        var elsewhere = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                violations.Enqueue(message.Text);
        };
        page.Request += (_, request) =>
        {
            var own = new[] { _portal.Address.ToString(), "data:", "blob:" };
            if (!own.Any(prefix => request.Url.StartsWith(prefix, StringComparison.Ordinal)))
                elsewhere.Enqueue(request.Url);
        };

        await page.GotoAsync("/ops/api/");
        // The first document's title and an operation of its first section: the documents were
        // fetched through the gateway and rendered (other sections stay folded until opened).
        await Assertions
            .Expect(page.GetByText("Habatan.Applications").First)
            .ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByText("/api/applications/probes").First).ToBeVisibleAsync();
        await Portal.ScreenshotAsync(page, "40-api-reference");

        Assert.Empty(violations);
        Assert.Empty(elsewhere);
    }
}
