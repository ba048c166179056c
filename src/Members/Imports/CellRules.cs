using System.Globalization;
using System.Text.RegularExpressions;
using Habatan.Members.Imports.Files;
using CampaignCodeRule = Habatan.Contracts.Campaigns.CampaignCode;

namespace Habatan.Members.Imports;

// How each kind of cell becomes a typed value, or an error with a reason ops can act on. Every
// rule refuses formulas, booleans and error values; the amount rule adds what AmountCell
// checks, and in a spreadsheet also refuses a number stored as text.
public static partial class CellRules
{
    private const string FormulaReason = "数式です。値そのものを入力してください。";

    public static string? Amount(ImportCell cell, out long yen)
    {
        yen = 0;
        if (NotAValue(cell) is { } refused)
            return refused;
        var parsed = AmountCell.Parse(cell.Text);
        if (!parsed.IsValid)
            return parsed.Error!.Value.Reason();
        // In a spreadsheet, digits stored as a string are the incident's "text amount": they
        // sort and compare as text elsewhere, so the file must store them as numbers.
        if (cell.Kind == CellKind.Text)
            return AmountError.StoredAsText.Reason();
        yen = parsed.Yen;
        return null;
    }

    public static string? Units(ImportCell cell, out int units)
    {
        units = 0;
        if (cell.IsBlank)
            return "空欄です。口数は0以上の整数で入力してください。";
        var error = Amount(cell, out var value);
        if (error is not null)
            return error;
        if (value > 1_000)
            return "口数が大きすぎます。";
        units = (int)value;
        return null;
    }

    public static string? Flag(ImportCell cell, out bool flag)
    {
        flag = false;
        if (NotAValue(cell) is { } refused)
            return refused;
        switch (cell.Text)
        {
            case "1":
                flag = true;
                return null;
            case "0":
                return null;
            default:
                return "1（する）か 0（しない）で入力してください。";
        }
    }

    // Blank means "not withdrawn". A spreadsheet date is a whole serial number of days.
    public static string? OptionalDate(ImportCell cell, out DateOnly? date)
    {
        date = null;
        if (cell.IsBlank)
            return null;
        if (NotAValue(cell) is { } refused)
            return refused;
        const string reason = "日付は yyyy-MM-dd（例: 2026-03-31）で入力するか、空欄にしてください。";
        if (cell.Kind == CellKind.Number)
        {
            if (
                !int.TryParse(cell.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial)
                || serial is < 1 or > 2_958_465
            )
                return reason;
            date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
            return null;
        }
        if (
            !DateOnly.TryParseExact(
                cell.Text,
                "yyyy-MM-dd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var parsed
            )
        )
            return reason;
        date = parsed;
        return null;
    }

    public static string? Email(ImportCell cell, out EmailAddress email)
    {
        email = null!;
        if (cell.IsBlank)
            return "空欄です。メールアドレスを入力してください。";
        if (NotAValue(cell) is { } refused)
            return refused;
        // The one address rule (invisible characters named as such); a cell's spaces are not forgiven.
        if (EmailAddress.Parse(cell.Text, out email) is { } wrong)
            return wrong;
        return email.Value == cell.Text ? null : "メールアドレスの前後に空白があります。空白を消してください。";
    }

    public static string? MemberId(ImportCell cell, out string memberId) =>
        Matching(cell, MemberIdPattern(), "会員IDは32桁の半角英数字（0-9, a-f）です。", out memberId);

    // The one campaign-code rule of every service (Contracts/Campaigns/CampaignCode). A code
    // that is right but for case or spaces is refused too, never folded: folding here and not
    // elsewhere is how two spellings of one campaign would arise. The reason names the fix.
    public static string? CampaignCode(ImportCell cell, out string code)
    {
        code = "";
        if (cell.IsBlank)
            return "空欄です。" + CampaignCodeRule.Rule;
        if (NotAValue(cell) is { } refused)
            return refused;
        if (CampaignCodeRule.IsValid(cell.Text))
        {
            code = cell.Text!;
            return null;
        }
        var folded = cell.Text!.Trim().ToLowerInvariant();
        return CampaignCodeRule.IsValid(folded)
            ? $"大文字や前後の空白は使えません。「{folded}」と入力してください。"
            : CampaignCodeRule.Rule;
    }

    private static string? Matching(ImportCell cell, Regex pattern, string reason, out string value)
    {
        value = "";
        if (NotAValue(cell) is { } refused)
            return refused;
        if (cell.Text is null || !pattern.IsMatch(cell.Text))
            return reason;
        value = cell.Text;
        return null;
    }

    private static string? NotAValue(ImportCell cell) =>
        cell.Kind switch
        {
            CellKind.Formula => FormulaReason,
            CellKind.Boolean => "TRUE/FALSE（論理値）です。",
            CellKind.Error => "エラー値です（#N/A など）。",
            _ => null,
        };

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex MemberIdPattern();
}
