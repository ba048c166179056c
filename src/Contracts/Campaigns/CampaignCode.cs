using System.Text.RegularExpressions;

namespace Habatan.Contracts.Campaigns;

// One spelling of a campaign code for every service. Codes are compared byte for byte in SQL
// (entitlements, audiences, snapshots), so "HABATAN-2026" and "habatan-2026" would be two
// campaigns and a join between them would quietly match nothing: incident 2's class of bug.
// Every entry point refuses anything but this shape instead of folding case, so a second
// spelling can never be stored. The databases hold the same pattern as a CHECK constraint.
public static partial class CampaignCode
{
    // As the databases' CHECK constraints spell it (PostgreSQL's ~).
    public const string Pattern = "^[a-z0-9][a-z0-9-]{0,39}$";

    public const string Example = "kosodate-2025-extra";

    // Japanese, because an operator or applicant-facing page shows it as it is.
    public const string Rule =
        "キャンペーンコードは英小文字・数字・ハイフンで40文字以内（先頭は英小文字か数字）にしてください（例: "
        + Example
        + "）。";

    public static bool IsValid(string? code) => code is not null && Regex().IsMatch(code);

    // For logs of a refused code: a refused value may be anything a sender put there, so it is
    // never logged as it is. Its length, and the code it was probably meant to be when only
    // case or surrounding spaces were wrong (a valid code holds no personal data), say enough.
    public static string Describe(string? code)
    {
        if (code is null)
            return "(none)";
        var folded = code.Trim().ToLowerInvariant();
        return IsValid(folded)
            ? $"{code.Length} chars, probably meant \"{folded}\""
            : $"{code.Length} chars, not a campaign code";
    }

    // \z, not $: .NET's $ also matches before a final newline, which PostgreSQL's ~ would refuse.
    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]{0,39}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Regex();
}

// A message named a campaign in a spelling no service stores. Retrying cannot change that, so
// the retry policy lets it fault at once to the error queue, where ops see it.
public sealed class InvalidCampaignCodeException(string messageType, string? code)
    : Exception(
        $"{messageType} refused: campaign code ({CampaignCode.Describe(code)}) does not match {CampaignCode.Pattern}."
    );
