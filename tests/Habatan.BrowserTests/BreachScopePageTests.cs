using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Habatan.BrowserTests;

// #18: an auditor makes the breach-scope report on /ops/audit/breach/ for a replayed leak (the
// rows a route without its owner filter would have written, put straight into the database as
// no route can write them): the summary with the authority's items, the person whose data was
// read, by whom, under which trace, and the CSV link.
[Collection(BrowserCollection.Name)]
public sealed class BreachScopePageTests(AppHostFixture system, Chromium chromium)
{
    private readonly Portal _portal = new(system, chromium);

    [Fact]
    public async Task AnAuditorSeesTheReportOfAReplayedLeak()
    {
        using var victim = system.SignIn.CreateClient(await system.SignIn.SignInAsync(Accounts.NewApplicant()));
        var victimId = await AuditPageTests.SubjectAsync(victim);
        await AuditPageTests.SubmitApplicationAsync(victim, await ApplicationForm.OpenCampaignAsync(system));
        var snooper = ActivityTraceId.CreateRandom().ToHexString();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        await using (var database = new NpgsqlConnection(await system.App.GetConnectionStringAsync("applicationsdb")))
        {
            await database.OpenAsync();
            await using var leak = new NpgsqlCommand(
                """
                INSERT INTO access_audit
                    (actor_subject, actor_role, owner_subject, application_id, fields, trace_id, route)
                SELECT $1, 'applicant', owner_subject, id, ARRAY['applicationNumber', 'status'], $2, $3
                FROM application WHERE owner_subject = $4
                """,
                database
            );
            foreach (var value in new object[] { snooper, traceId, "/api/mypage/leaky", victimId })
                leak.Parameters.Add(new() { Value = value });
            Assert.Equal(1, await leak.ExecuteNonQueryAsync());
        }

        await using var auditor = await _portal.SignedInDesktopAsync(Accounts.Auditor);
        var page = await auditor.NewPageAsync();
        await page.GotoAsync("/ops/audit/breach/");
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9));
        await page.GetByLabel("開始日時").FillAsync(Local(now.AddHours(-1)));
        await page.GetByLabel("終了日時").FillAsync(Local(now.AddHours(1)));
        await page.GetByLabel("閲覧者のID（任意）").FillAsync(snooper);
        await page.GetByLabel("原因（監査担当の記入）").FillAsync("マイページの新しい経路で本人の条件が漏れていた");
        await page.GetByRole(AriaRole.Button, new() { Name = "レポートを作成" }).ClickAsync();

        var summary = page.Locator("#breach-summary");
        await Assertions.Expect(summary).ToContainTextAsync("1人");
        await Assertions.Expect(summary).ToContainTextAsync("申請状況");
        await Assertions.Expect(summary).ToContainTextAsync("マイページの新しい経路で本人の条件が漏れていた");
        var rows = page.Locator("#breach-results tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.Locator("td")).ToContainTextAsync([victimId, "", "申請状況", "1", snooper]);
        await Assertions.Expect(rows.First).ToContainTextAsync(traceId);
        await Assertions
            .Expect(page.Locator("#breach-csv"))
            .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("breach-scope\\.csv\\?"));
        await Portal.ScreenshotAsync(page, "17-ops-breach-scope");
    }

    private static string Local(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
