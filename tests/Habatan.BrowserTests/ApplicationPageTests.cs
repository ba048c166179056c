using System.Text.RegularExpressions;

namespace Habatan.BrowserTests;

// Issue 7, item 5 and DESIGN.md incident 1: a parent applies on a phone and follows the status
// on My Page; a duplicate is told it is invalid, and why, and sees nothing of anyone else.
[Collection(BrowserCollection.Name)]
public sealed partial class ApplicationPageTests(AppHostFixture system, Chromium chromium)
{
    private readonly Portal _portal = new(system, chromium);

    [Fact]
    public async Task AParentAppliesOnAPhoneAndSeesTheStatusOnMyPage()
    {
        var campaign = await ApplicationForm.OpenCampaignAsync(system);
        var email = Accounts.NewApplicant();
        var hanako = Applicant.Hanako(email);
        await using var phone = await _portal.PhoneAsync();
        var page = await phone.NewPageAsync();
        await _portal.SignInAsync(page, email);
        await Assertions.Expect(page.GetByText("まだ申請はありません。")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "申請する" }).ClickAsync();

        await ApplicationForm.FillAsync(page, campaign, hanako with { Phone = "12" });
        await ApplicationForm.SubmitAsync(page);
        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToContainTextAsync("電話番号");
        await Assertions.Expect(page.GetByLabel("電話番号")).ToHaveAttributeAsync("aria-invalid", "true");
        await Portal.ScreenshotAsync(page, "04-apply-field-error-phone");

        await page.GetByLabel("電話番号").FillAsync(hanako.Phone);
        var number = await ApplicationForm.SubmitAndReadNumberAsync(page);
        Assert.Matches(NumberPattern(), number);
        await Assertions.Expect(page.Locator("#completion-status")).ToHaveTextAsync("申請中");
        await Portal.ScreenshotAsync(page, "05-completion-phone");

        await page.GetByRole(AriaRole.Link, new() { Name = "マイページへ" }).ClickAsync();
        var card = page.Locator("#applications article");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card).ToContainTextAsync(number);
        await Assertions.Expect(card.Locator(".status")).ToHaveTextAsync("申請中");
        await Portal.ScreenshotAsync(page, "06-mypage-status-phone");
        // My Page shows status only: none of what the parent typed comes back.
        var shown = await page.Locator("main").InnerTextAsync();
        foreach (
            var personal in new[]
            {
                hanako.GivenName,
                hanako.FamilyNameKana,
                hanako.Phone,
                hanako.Address,
                email,
                "太郎",
            }
        )
            Assert.DoesNotContain(personal, shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADuplicateAttemptShowsTheInvalidNoticeWithNothingOfAnyoneElse()
    {
        var campaign = await ApplicationForm.OpenCampaignAsync(system);
        // The first household member applies and is accepted.
        var first = Applicant.Hanako(Accounts.NewApplicant());
        var (firstPage, firstNumber) = await ApplicationForm.ApplyOnPhoneAsync(_portal, campaign, first);
        await using var firstPhone = firstPage.Context;

        // Someone else of the same household (same kana, birth date and phone) applies twice
        // from the same device, with their own address and account.
        var second = first with
        {
            GivenName = "華子",
            Email = Accounts.NewApplicant(),
            Address = "兵庫県姫路市本町68",
        };
        await using var secondPhone = await _portal.PhoneAsync();
        var page = await secondPhone.NewPageAsync();
        await _portal.SignInAsync(page, second.Email);
        var seen = new List<string>();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await page.GotoAsync("/apply/");
            await ApplicationForm.FillAsync(page, campaign, second);
            var invalidNumber = await ApplicationForm.SubmitAndReadNumberAsync(page, "この申請は無効です");
            Assert.Matches(NumberPattern(), invalidNumber);
            Assert.NotEqual(firstNumber, invalidNumber);
            await Assertions.Expect(page.Locator("#completion-status")).ToHaveTextAsync("無効");
            await Assertions.Expect(page.Locator("#completion-reason")).ToContainTextAsync("1世帯1申請");
            if (attempt == 1)
                await Portal.ScreenshotAsync(page, "07-completion-invalid-phone");
            seen.Add(await page.Locator("main").InnerTextAsync());
        }

        await page.GotoAsync("/mypage/");
        await Assertions.Expect(page.Locator("#applications article")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#applications .status")).ToHaveTextAsync(new[] { "無効", "無効" });
        seen.Add(await page.Locator("main").InnerTextAsync());

        foreach (var text in seen)
        {
            Assert.DoesNotContain(firstNumber, text, StringComparison.Ordinal);
            Assert.DoesNotContain(first.GivenName, text, StringComparison.Ordinal);
            Assert.DoesNotContain(first.Address, text, StringComparison.Ordinal);
            Assert.DoesNotContain(first.Email, text, StringComparison.Ordinal);
            Assert.DoesNotContain("申請中", text, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$")]
    private static partial Regex NumberPattern();
}
