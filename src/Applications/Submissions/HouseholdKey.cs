using System.Text;

namespace Habatan.Applications.Submissions;

// The same household written two ways must meet in the unique indexes: full- and half-width,
// hiragana and katakana, spaces and hyphens are made alike before comparing.
public static class HouseholdKey
{
    public static string Kana(string familyNameKana, string givenNameKana)
    {
        var builder = new StringBuilder();
        foreach (var c in (familyNameKana + givenNameKana).Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(c) || c == '・')
                continue;
            // Hiragana ぁ..ゖ sit 0x60 below their katakana.
            builder.Append(c is >= '\u3041' and <= '\u3096' ? (char)(c + 0x60) : c);
        }
        return builder.ToString();
    }

    public static string Phone(string phone) =>
        new([.. phone.Normalize(NormalizationForm.FormKC).Where(char.IsAsciiDigit)]);

    public static string Address(string address)
    {
        var builder = new StringBuilder();
        foreach (var c in address.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(c))
                continue;
            builder.Append(c is '‐' or '‑' or '‒' or '–' or '—' or '―' or '−' or 'ｰ' ? '-' : char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
