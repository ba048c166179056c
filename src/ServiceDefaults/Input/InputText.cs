using System.Text;

namespace Habatan.ServiceDefaults.Input;

// The one rule for every text that enters any host (JSON and form fields, query strings, route
// values, import cells): no character PostgreSQL refuses (NUL), none a reader cannot see or a
// terminal would act on (the other C0 and C1 controls, DEL), no half of a surrogate pair (not a
// character at all, and what JsonElement.GetString() throws on), and no U+FFFD or U+FFFE/FFFF:
// U+FFFD is what a decoder leaves where the bytes were not UTF-8, so accepting it would store a
// silently damaged text. Only multi-line fields (a reason, a note, a reminder's body) may hold
// TAB and line breaks; every other field is a single line.
public static class InputText
{
    public const string Message = "使えない文字（目に見えない制御文字や文字化けした文字）が含まれています。";

    private static readonly UTF8Encoding StrictUtf8 = new(
        encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true
    );

    // Null when the text is acceptable; otherwise what to tell the person, with the position.
    public static string? Refusal(string? text, TextLines lines = TextLines.OneLine)
    {
        if (text is null)
            return null;
        var position = FirstRefused(text, lines);
        return position < 0
            ? null
            : $"{position + 1}文字目に{Message}入力し直してください（貼り付けた場合は、手で入力してください）。";
    }

    public static bool IsAcceptable(string? text, TextLines lines = TextLines.OneLine) =>
        text is null || FirstRefused(text, lines) < 0;

    // Index of the first refused UTF-16 unit, or -1.
    public static int FirstRefused(string text, TextLines lines = TextLines.OneLine)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                return i;
            }
            if (char.IsLowSurrogate(c) || IsRefusedCharacter(c, lines))
                return i;
        }
        return -1;
    }

    // Bytes that claim to be UTF-8 (a form field, a file): decoded strictly, so an invalid or
    // overlong sequence is refused instead of becoming U+FFFD; null when refused.
    public static string? DecodeUtf8(ReadOnlySpan<byte> bytes, TextLines lines = TextLines.OneLine)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        return IsAcceptable(text, lines) ? text : null;
    }

    private static bool IsRefusedCharacter(char c, TextLines lines) =>
        c switch
        {
            '\t' or '\n' or '\r' => lines == TextLines.OneLine,
            < '\u0020' => true,
            >= '\u007F' and <= '\u009F' => true,
            '\uFFFD' or '\uFFFE' or '\uFFFF' => true,
            _ => false,
        };
}

public enum TextLines
{
    // A name, an address, a code, a query value: one line, no control character at all.
    OneLine,

    // A reason, a note, a reminder's body: TAB, LF and CR are allowed, nothing else below U+0020.
    MultiLine,
}
