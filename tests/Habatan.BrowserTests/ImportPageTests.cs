using System.Text;
using System.Text.RegularExpressions;

namespace Habatan.BrowserTests;

// Issue 7, item 1 (ops imports), and DESIGN.md incident 2, point 1: an operator uploads the
// incident's kind of entitlement file (amounts as text, blank, full-width digits) on the console
// page. It is refused whole with every bad cell listed, nothing of it is stored (the clean file
// that follows inserts every row anew), and the history shows both.
[Collection(BrowserCollection.Name)]
public sealed class ImportPageTests(AppHostFixture system, Chromium chromium)
{
    private const string Header = "メールアドレス,キャンペーン,口数,当選額,チャージ額\r\n";
    private readonly Portal _portal = new(system, chromium);

    [Fact]
    public async Task ADirtyEntitlementFileIsRefusedWholeWithEveryBadCellListedAndTheCleanOneIsAccepted()
    {
        var campaignCode = $"imp-{Guid.NewGuid():N}"[..16];
        var members = Enumerable.Range(0, 4).Select(_ => Accounts.NewApplicant()).ToArray();
        await using var context = await _portal.SignedInDesktopAsync(Accounts.Operator);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/ops/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "業務メニュー" })
            .GetByRole(AriaRole.Link, new() { Name = "会員・権利の取り込み" })
            .ClickAsync();

        // No file chosen: said at the field, nothing sent.
        await page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
        await Assertions
            .Expect(page.GetByRole(AriaRole.Alert))
            .ToContainTextAsync("取り込むファイルを選んでください。");
        await Assertions.Expect(page.Locator("#i-file")).ToHaveAttributeAsync("aria-invalid", "true");

        await UploadAsync(
            page,
            "roster",
            "roster.csv",
            "メールアドレス,アプリ内通知,退会日\r\n" + string.Concat(members.Select(m => $"{m},1,\r\n"))
        );
        await Assertions
            .Expect(page.Locator("#import-summary"))
            .ToHaveTextAsync("取り込みました: 4行（追加 4件、更新 0件）。");

        var rows = new[]
        {
            $"{members[0]},{campaignCode},2,２００００,5000", // full-width digits
            $"{members[1]},{campaignCode},2,20000,", // blank
            $"{members[2]},{campaignCode},2,二万,0", // text
            $"{members[3]},{campaignCode},2,20000,5000", // a good row: stored only with a good file
        };
        await UploadAsync(
            page,
            "entitlements",
            "entitlements-dirty.csv",
            Header + string.Concat(rows.Select(r => r + "\r\n"))
        );
        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions
            .Expect(summary)
            .ToContainTextAsync("ファイルに誤りがあるため、取り込みませんでした（何も保存していません）。");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        var errors = page.GetByRole(AriaRole.Table, new() { Name = "誤りのあるセル（3件）" });
        await Assertions.Expect(errors.Locator("tbody tr")).ToHaveCountAsync(3);
        string[][] expected =
        [
            ["2", "当選額", "２００００", "全角数字です。半角数字で入力してください。"],
            ["3", "チャージ額", "（空欄）", "空欄です。金額は0以上の整数で入力してください（0円なら 0）。"],
            ["4", "当選額", "二万", "数字ではありません。"],
        ];
        for (var i = 0; i < expected.Length; i++)
            await Assertions.Expect(errors.Locator("tbody tr").Nth(i).Locator("td")).ToHaveTextAsync(expected[i]);
        await Assertions.Expect(errors.Locator("th")).ToHaveTextAsync(["行", "列", "値", "理由"]);
        var report = page.GetByRole(AriaRole.Link, new() { Name = "エラー一覧（CSV、全3件）をダウンロード" });
        var reportPath = await report.GetAttributeAsync("href");
        Assert.Matches(new Regex("^/api/members/ops/imports/[0-9a-f-]{36}/errors\\.csv$"), reportPath);
        // The link works with the page's own session; the report holds the same three cells.
        var download = await context.APIRequest.GetAsync(reportPath!);
        Assert.Equal(200, download.Status);
        var lines = Encoding
            .UTF8.GetString(await download.BodyAsync())
            .TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["行,列,値,理由", "2,当選額,２００００,全角数字です。半角数字で入力してください。"], lines[..2]);
        Assert.Equal(4, lines.Length);
        var history = page.Locator("#imports tbody tr");
        await Assertions.Expect(history.First).ToContainTextAsync("entitlements-dirty.csv");
        await Assertions.Expect(history.First).ToContainTextAsync("取り込まず（誤りあり）");
        await Portal.ScreenshotAsync(page, "21-ops-imports-rejected");

        // Had any row of the refused file been kept, these would be updates or no-ops, not inserts.
        var clean = new[] { "20000,5000", "20000,0", "20000,0", "20000,5000" };
        await UploadAsync(
            page,
            "entitlements",
            "entitlements.csv",
            Header + string.Concat(members.Select((m, i) => $"{m},{campaignCode},2,{clean[i]}\r\n"))
        );
        await Assertions
            .Expect(page.Locator("#import-summary"))
            .ToHaveTextAsync("取り込みました: 4行（追加 4件、更新 0件）。");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Assertions.Expect(history.Nth(0).Locator("td").Nth(3)).ToHaveTextAsync("取り込み済み");
        await Assertions.Expect(history.Nth(1).Locator("td").Nth(3)).ToContainTextAsync("取り込まず（誤りあり）");
        await Assertions.Expect(history.Nth(2).Locator("td").Nth(2)).ToHaveTextAsync("roster.csv");
        await Portal.ScreenshotAsync(page, "22-ops-imports-accepted");
    }

    private static async Task UploadAsync(IPage page, string kind, string fileName, string csv)
    {
        await page.GetByLabel("ファイルの種類").SelectOptionAsync(kind);
        await page.Locator("#i-file")
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = fileName,
                    MimeType = "text/csv",
                    Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)],
                }
            );
        await page.GetByRole(AriaRole.Button, new() { Name = "取り込む" }).ClickAsync();
    }
}
