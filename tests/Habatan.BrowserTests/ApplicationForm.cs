using System.Globalization;
using Habatan.TestSupport.Applications;

namespace Habatan.BrowserTests;

// Someone filling in the application form, and the open campaign they apply to.
public sealed record Applicant(
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    string BirthDate,
    string Phone,
    string Email,
    string Address
)
{
    public static Applicant Hanako(string email) =>
        new(
            "兵庫",
            "花子",
            "ヒョウゴ",
            "ハナコ",
            "1988-04-01",
            "078-341-7711",
            email,
            "兵庫県神戸市中央区下山手通5-10-1"
        );
}

public static class ApplicationForm
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    // Opens a campaign of its own (through the ops API, as an operator), so tests never collide.
    public static async Task<string> OpenCampaignAsync(AppHostFixture system)
    {
        var code = $"browser-{Guid.NewGuid():N}"[..20];
        var now = DateTimeOffset.UtcNow.ToOffset(Jst);
        using var ops = system.SignIn.CreateClient(await system.OpsTokenAsync(Accounts.Operator));
        using var created = await ops.PostAsJsonAsync(
            "/api/applications/ops/campaigns",
            new
            {
                code,
                name = $"子育て応援枠 {code}",
                opensAt = now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
                closesAt = now.AddDays(30).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
                unitPriceYen = 10_000,
                premiumRatePercent = 50,
                unitLimit = 4,
                householdMembersRequired = true,
                acceptedDocuments = new[] { "drivers-license", "my-number-card" },
            }
        );
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return code;
    }

    public static async Task FillAsync(IPage page, string campaignCode, Applicant applicant)
    {
        await page.GetByLabel("申請するキャンペーン").SelectOptionAsync(campaignCode);
        await page.GetByLabel("申込口数").FillAsync("2");
        await page.GetByLabel("氏名（姓）").FillAsync(applicant.FamilyName);
        await page.GetByLabel("氏名（名）").FillAsync(applicant.GivenName);
        await page.GetByLabel("フリガナ（セイ）").FillAsync(applicant.FamilyNameKana);
        await page.GetByLabel("フリガナ（メイ）").FillAsync(applicant.GivenNameKana);
        await page.GetByLabel("生年月日").FillAsync(applicant.BirthDate);
        await page.GetByLabel("性別").SelectOptionAsync("female");
        await page.GetByLabel("電話番号").FillAsync(applicant.Phone);
        await page.GetByLabel("メールアドレス").FillAsync(applicant.Email);
        await page.GetByLabel("郵便番号").FillAsync("650-8567");
        await page.GetByLabel("住所").FillAsync(applicant.Address);

        await page.GetByRole(AriaRole.Button, new() { Name = "世帯員を追加" }).ClickAsync();
        var child = page.Locator(".household-member").First;
        await child.GetByLabel("氏名（姓）").FillAsync(applicant.FamilyName);
        await child.GetByLabel("氏名（名）").FillAsync("太郎");
        await child.GetByLabel("フリガナ（セイ）").FillAsync(applicant.FamilyNameKana);
        await child.GetByLabel("フリガナ（メイ）").FillAsync("タロウ");
        await child.GetByLabel("生年月日").FillAsync("2018-05-05");
        await child.GetByLabel("続柄").SelectOptionAsync("child");

        await page.GetByLabel("書類の種類").SelectOptionAsync("drivers-license");
        await page.GetByLabel("表面の画像")
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = "front.jpg",
                    MimeType = "image/jpeg",
                    Buffer = Images.Jpeg(),
                }
            );
        await page.GetByLabel("裏面の画像")
            .SetInputFilesAsync(
                new FilePayload
                {
                    Name = "back.png",
                    MimeType = "image/png",
                    Buffer = Images.Png(),
                }
            );
        await page.GetByLabel("利用規約に同意します").CheckAsync();
        await page.GetByLabel("個人情報の取扱いに同意します").CheckAsync();
    }

    public static Task SubmitAsync(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { Name = "申請する" }).ClickAsync();

    // A parent signs in on a phone and applies; the page stays open (on the completion screen)
    // for the test to go on with. The caller disposes of the page's context.
    public static async Task<(IPage Page, string Number)> ApplyOnPhoneAsync(
        Portal portal,
        string campaignCode,
        Applicant applicant
    )
    {
        var phone = await portal.PhoneAsync();
        var page = await phone.NewPageAsync();
        await portal.SignInAsync(page, applicant.Email);
        await page.GotoAsync("/apply/");
        await FillAsync(page, campaignCode, applicant);
        return (page, await SubmitAndReadNumberAsync(page));
    }

    // Submits and waits for the completion screen; returns the application number it shows.
    public static async Task<string> SubmitAndReadNumberAsync(IPage page, string heading = "申請を受け付けました")
    {
        await SubmitAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
        return (await page.Locator("#completion-number").TextContentAsync())!;
    }
}
