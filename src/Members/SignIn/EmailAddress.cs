using System.Net.Mail;

namespace Habatan.Members.SignIn;

// The address as typed, and the form used to find a member: trimmed and lower-cased.
public sealed record EmailAddress(string Value, string Normalized)
{
    private const int MaxLength = 254;

    public static bool TryParse(string? input, out EmailAddress address)
    {
        address = null!;
        var value = input?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value.Any(char.IsWhiteSpace)) return false;
        if (!MailAddress.TryCreate(value, out var parsed) || parsed.Address != value) return false;
        var at = value.LastIndexOf('@');
        if (at <= 0 || !value[(at + 1)..].Contains('.', StringComparison.Ordinal)) return false;

        address = new EmailAddress(value, value.ToLowerInvariant());
        return true;
    }
}
