using System.Diagnostics;
using System.Text.Json;
using Habatan.TestSupport.Applications;

namespace Habatan.BrowserTests;

// Issue 7 and DESIGN.md incident 1, point 6, across both access-audit trails: an operator reads
// a member's amounts through the API; an auditor finds that read on /ops/audit/ by the operator's
// subject (both services asked, one list) and by the member id, with the request's trace id, and
// nothing of another member's. When one service does not answer, the other's rows still show
// under a notice that the list is incomplete.
[Collection(BrowserCollection.Name)]
public sealed class AuditPageTests(AppHostFixture system, Chromium chromium)
{
    private readonly Portal _portal = new(system, chromium);

    [Fact]
    public async Task AnAuditorFindsAnOperatorsReadOfAMembersAmountsByActorAndByMember()
    {
        // A fresh operator, so the actor search holds this test's reads only. It is also a member
        // with an application of its own: its My Page read lands in Applications' trail.
        var email = Accounts.NewApplicant();
        using (var admin = system.SignIn.CreateClient(await system.OpsTokenAsync(Accounts.Admin)))
        using (var granted = await admin.PostAsJsonAsync("/api/members/admin/roles", new { email, role = "operator" }))
            Assert.Equal(HttpStatusCode.NoContent, granted.StatusCode);
        using var ops = system.SignIn.CreateClient(await system.SignIn.SignInAsync(email));
        var operatorSubject = await SubjectAsync(ops);
        await SubmitApplicationAsync(ops, await ApplicationForm.OpenCampaignAsync(system));
        var myPageTraceId = await ReadTracedAsync(ops, "/api/mypage/applications");

        using var member = system.SignIn.CreateClient(await system.SignIn.SignInAsync(Accounts.NewApplicant()));
        var memberId = await SubjectAsync(member);
        using var other = system.SignIn.CreateClient(await system.SignIn.SignInAsync(Accounts.NewApplicant()));
        var otherId = await SubjectAsync(other);
        var campaign = $"au-{Guid.NewGuid():N}"[..16];
        await ImportJobPolling.ImportCsvAsync(
            ops,
            "entitlements",
            "会員ID,キャンペーン,口数,当選額,チャージ額\r\n"
                + $"{memberId},{campaign},2,20000,5000\r\n"
                + $"{otherId},{campaign},1,10000,2500\r\n"
        );
        var traceId = await ReadTracedAsync(ops, $"/api/members/ops/members/{memberId}/entitlements");
        var otherTraceId = await ReadTracedAsync(ops, $"/api/members/ops/members/{otherId}/entitlements");

        await using var auditor = await _portal.SignedInDesktopAsync(Accounts.Auditor);
        var page = await auditor.NewPageAsync();
        await page.GotoAsync("/ops/audit/");
        var rows = page.Locator("#audit-results tbody tr");

        // What did the operator read: both trails asked, one list newest first, each row saying
        // which service and what was read, with the request's trace id.
        await page.GetByLabel("閲覧者のID").FillAsync(operatorSubject);
        await page.Locator("#by-actor").GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions
            .Expect(rows.Nth(0).Locator("td"))
            .ToContainTextAsync(["会員", operatorSubject, "operator", "会員の権利", otherId, otherTraceId]);
        await Assertions
            .Expect(rows.Nth(1).Locator("td"))
            .ToContainTextAsync(["会員", operatorSubject, "operator", "会員の権利", memberId, traceId]);
        await Assertions
            .Expect(rows.Nth(2).Locator("td"))
            .ToContainTextAsync(["申請", operatorSubject, "申請 ", operatorSubject, myPageTraceId]);
        await Assertions.Expect(page.Locator("#audit-incomplete")).ToBeHiddenAsync();

        // Who saw this member's data: the read, and nothing of the other member's.
        await page.GetByLabel("会員ID").FillAsync(memberId);
        await page.Locator("#by-member").GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        await Assertions.Expect(page.Locator("#audit-heading")).ToContainTextAsync($"会員 {memberId}");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(traceId);
        await Assertions.Expect(rows.First).ToContainTextAsync(operatorSubject);
        await Assertions.Expect(page.Locator("#audit-results")).Not.ToContainTextAsync(otherId);
        await Assertions.Expect(page.Locator("#audit-results")).Not.ToContainTextAsync(otherTraceId);
        await Portal.ScreenshotAsync(page, "16-ops-audit-members");

        // No search value travels in the page's own address.
        Assert.DoesNotContain(memberId, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(operatorSubject, page.Url, StringComparison.Ordinal);

        // A malformed id is said at the field, and nothing is asked.
        await page.GetByLabel("会員ID").FillAsync("山田花子");
        await page.Locator("#by-member").GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        await Assertions
            .Expect(page.Locator("#by-member").GetByRole(AriaRole.Alert))
            .ToContainTextAsync("会員IDは32桁の英数字");
        await Assertions.Expect(page.Locator("#audit-member")).ToHaveAttributeAsync("aria-invalid", "true");

        // Applications' trail down: the operator's read from Members still shows, marked incomplete.
        await page.RouteAsync("**/api/applications/audit/**", route => route.FulfillAsync(new() { Status = 503 }));
        await page.GetByLabel("閲覧者のID").FillAsync(operatorSubject);
        await page.Locator("#by-actor").GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();
        await Assertions
            .Expect(page.Locator("#audit-incomplete"))
            .ToContainTextAsync("申請サービスの記録を取得できなかったため、この一覧は不完全です");
        await Assertions.Expect(rows.Filter(new() { HasText = traceId })).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Filter(new() { HasText = "申請 " })).ToHaveCountAsync(0);
    }

    // A read under a trace id of the test's own, so the page must show that one.
    private static async Task<string> ReadTracedAsync(HttpClient client, string path)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var read = new HttpRequestMessage(HttpMethod.Get, path);
        read.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var answer = await client.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return traceId;
    }

    internal static async Task SubmitApplicationAsync(HttpClient client, string campaign)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions")
        {
            Content = new SubmissionForm(campaign, Person.New()).ToContent(),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    internal static async Task<string> SubjectAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/members/me")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("subject")
            .GetString()!;
}
