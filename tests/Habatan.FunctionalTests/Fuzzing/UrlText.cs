using System.Text;
using CsCheck;

namespace Habatan.FunctionalTests.Fuzzing;

// Text for a path segment or a query value: percent-encoded UTF-8 (a lone surrogate as the
// bytes a careless encoder would send), or raw escapes a hostile client writes by hand.
internal static class UrlText
{
    private static readonly Gen<(string Text, string Class)> RawEscapes = Gen.OneOf(
        ("%00", "%00"),
        ("..%2f..%2f", "..%2f"),
        ("%2e%2e", "%2e%2e"),
        ("%ff%fe", "invalid UTF-8 escapes"),
        ("%c0%80", "overlong NUL"),
        ("%ed%a0%80", "encoded surrogate"),
        ("%", "lone %"),
        ("%zz", "bad escape"),
        (new string('7', 4_000), "very long id")
    );

    public static string Raw(PCG pcg, List<string> classes)
    {
        var (text, name) = RawEscapes.Generate(pcg, null, out _);
        classes.Add($"URL {name}");
        return text;
    }

    public static string Encode(string text)
    {
        var encoded = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                encoded.Append(c);
                continue;
            }
            var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var bytes =
                char.IsSurrogate(c) && length == 1
                    ? [(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))]
                    : Encoding.UTF8.GetBytes(text.Substring(i, length));
            foreach (var b in bytes)
                encoded.Append(System.Globalization.CultureInfo.InvariantCulture, $"%{b:X2}");
            i += length - 1;
        }
        return encoded.ToString();
    }
}
