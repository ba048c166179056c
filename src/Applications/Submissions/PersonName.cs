using System.Text;

namespace Habatan.Applications.Submissions;

// The one rule for every name field (an applicant's and each household member's name and
// フリガナ): the characters a Japanese municipality can record and print, NFC-normalised.
// Names: kanji (CJK Unified Ideographs with Extensions A and B, which hold every JIS X 0208 and
// JIS X 0213 kanji and 𠮷 of the family register; the compatibility ideographs JIS X 0213 needs),
// 々 〆 〇 ヶ, hiragana, katakana, ー, ・, and the Latin letters A–Z of a residence card (在留カード)
// for residents whose name is registered in the alphabet, with the hyphen and apostrophe such
// names use; spaces (half or full width) between parts. フリガナ: katakana, ー, ・ and spaces
// (hiragana typed there is stored as katakana).
// Full-width Latin letters and half-width katakana are folded to their usual width first.
// Refused: digits, emoji, symbols, combining marks (a dakuten typed on its own is composed by
// NFC when it follows a kana; one left over is refused), variation selectors, private use.
public static class PersonName
{
    public const int MaxLength = 50;

    public static string NameMessage(string label) =>
        $"{label}は漢字・ひらがな・カタカナ、または在留カードのローマ字（A〜Z）で、{MaxLength}文字以内で"
        + "入力してください（数字・記号・絵文字は使えません）。";

    public static string KanaMessage(string label) =>
        $"{label}は全角カタカナで、{MaxLength}文字以内で入力してください（例: ヒョウゴ）。";

    // The normalised name, or null when it is not one.
    public static string? Name(string? text) => Normalise(text, IsNameCharacter);

    // Hiragana typed into a フリガナ field is the same reading: stored as katakana, not refused.
    public static string? Kana(string? text) => Normalise(text is null ? null : ToKatakana(text), IsKanaCharacter);

    private static string ToKatakana(string text) =>
        string.Create(
            text.Length,
            text,
            (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    var hiragana = source[i] is (>= '\u3041' and <= '\u3096') or '\u309D' or '\u309E';
                    span[i] = hiragana ? (char)(source[i] + 0x60) : source[i];
                }
            }
        );

    private static string? Normalise(string? text, Func<int, bool> allowed)
    {
        if (text is null)
            return null;
        var name = FoldWidth(text).Normalize(NormalizationForm.FormC).Trim(' ', '\u3000');
        if (name.Length is 0 or > MaxLength)
            return null;
        var previousSpace = false;
        for (var i = 0; i < name.Length; i += char.IsSurrogatePair(name, i) ? 2 : 1)
        {
            if (char.IsSurrogate(name[i]) && !char.IsSurrogatePair(name, i))
                return null;
            var c = char.ConvertToUtf32(name, i);
            var space = c is ' ' or '\u3000';
            if (space && previousSpace)
                return null;
            if (!space && !allowed(c))
                return null;
            previousSpace = space;
        }
        return name;
    }

    private static bool IsNameCharacter(int c) =>
        IsKanji(c)
        || IsKanaCharacter(c)
        || IsHiragana(c)
        || c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '-' or '\'';

    private static bool IsKanaCharacter(int c) =>
        c is (>= 0x30A1 and <= 0x30F6) or 0x30FC or 0x30FB or 0x30FD or 0x30FE;

    private static bool IsHiragana(int c) => c is (>= 0x3041 and <= 0x3096) or 0x309D or 0x309E;

    private static bool IsKanji(int c) =>
        c
            is (>= 0x4E00 and <= 0x9FFF)
                or (>= 0x3400 and <= 0x4DBF)
                or (>= 0x20000 and <= 0x2A6DF)
                // The compatibility ideographs NFC leaves as they are (﨑 﨔 …) and JIS X 0213's plane-2 ones.
                or (>= 0xF900 and <= 0xFAFF)
                or (>= 0x2F800 and <= 0x2FA1F)
                // 々 〆 〇
                or 0x3005
                or 0x3006
                or 0x3007;

    // Ａ→A, ｶﾞ→ガ: only the halfwidth and fullwidth forms block, so nothing else changes.
    private static string FoldWidth(string text)
    {
        if (!text.Any(c => c is >= '\uFF00' and <= '\uFFEF'))
            return text;
        var builder = new StringBuilder(text.Length);
        var run = new StringBuilder();
        foreach (var c in text)
        {
            if (c is >= '\uFF00' and <= '\uFFEF')
            {
                run.Append(c);
                continue;
            }
            builder.Append(run.ToString().Normalize(NormalizationForm.FormKC));
            run.Clear();
            builder.Append(c);
        }
        return builder.Append(run.ToString().Normalize(NormalizationForm.FormKC)).ToString();
    }
}
