using System.Net.Mail;

namespace Habatan.ServiceDefaults.Input;

// The one address rule, for sign-in, the roster, entitlements, role grants, an application's
// contact address and a reminder's test recipients: the address as typed, and the form used to
// find a member (lower-cased). Nothing invisible may hide inside it: a byte-order mark (what
// `cat` leaves at the start of a row when two CSV exports are joined), zero-width spaces and
// joiners, bidirectional controls; any of these would make a second member beside the real one.
public sealed record EmailAddress(string Value, string Normalized)
{
    public const string Message = "メールアドレスの形式が正しくありません。例: hanako@example.jp";
    public const string InvisibleMessage =
        "メールアドレスに目に見えない文字（BOM・ゼロ幅スペース・書字方向の制御文字など）が含まれています。手で入力し直してください。";

    private const int MaxLength = 254;

    // Leading and trailing spaces of a typed address are forgiven (trimmed); invisible characters never.
    public static bool TryParse(string? input, out EmailAddress address) => Parse(input, out address) is null;

    // Null when the address is acceptable; otherwise the message that says what is wrong with it.
    public static string? Parse(string? input, out EmailAddress address)
    {
        address = null!;
        if (input is not null && (input.Any(IsInvisible) || !InputText.IsAcceptable(input)))
            return InvisibleMessage;
        var value = input?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value.Any(char.IsWhiteSpace))
            return Message;
        if (!MailAddress.TryCreate(value, out var parsed) || parsed.Address != value)
            return Message;
        var at = value.LastIndexOf('@');
        if (at <= 0 || !value[(at + 1)..].Contains('.', StringComparison.Ordinal))
            return Message;
        // Only ASCII: every address of the service's members is; an IDN look-alike is not.
        if (value.Any(c => c > '\u007E'))
            return Message;

        address = new EmailAddress(value, value.ToLowerInvariant());
        return null;
    }

    // Characters that change nothing a person sees: BOM, zero-width space/non-joiner/joiner,
    // word joiner and the invisible operators, soft hyphen, and every bidirectional control.
    public static bool IsInvisible(char c) =>
        c
            is '\uFEFF'
                or '\u00AD'
                or (>= '\u200B' and <= '\u200F')
                or (>= '\u202A' and <= '\u202E')
                or (>= '\u2060' and <= '\u2064')
                or (>= '\u2066' and <= '\u2069')
                or '\u061C'
                or '\u180E';
}
