using CsCheck;

namespace Habatan.FunctionalTests.Fuzzing;

// A text value with the name of its input class, so a finding says which class broke what.
internal sealed record Sample(string Class, string Text);

// Issue 13's classes of text no request may answer 5xx to: controls, broken Unicode, marks,
// invisible characters, huge and odd values. Invalid UTF-8 bytes travel apart (RawBytes), since a
// .NET string cannot hold them.
internal static class HostileText
{
    private static readonly Sample[] Samples =
    [
        new("NUL", "a\0b"),
        new("C0 controls", "a\u0001\u0008\u001b\u001fb"),
        new("C1 controls", "a\u0085\u009bb"),
        new("DEL", "\u007f"),
        new("CRLF", "a\r\nSet-Cookie: x=1"),
        new("lone high surrogate", "a\ud800b"),
        new("lone low surrogate", "\udc00"),
        new("emoji", "👨‍👩‍👧‍👦🎉"),
        new("leading combining mark", "\u0301あ"),
        new("stacked combining marks", "a" + new string('\u0301', 40)),
        new("zero-width characters", "a\u200b\u200c\u200db"),
        new("bidirectional controls", "a\u202eb\u2066"),
        new("byte-order mark", "\ufeffparent@example.jp"),
        new("empty", ""),
        new("whitespace", " \t "),
        new("huge", new string('あ', 200_000)),
        new("long id", new string('9', 5_000)),
        new("SQL", "' OR 1=1; --"),
        new("markup", "<script>alert(1)</script>"),
        new("path traversal", "../../etc/passwd"),
        new("number as text", "99999999999999999999999"),
        new("bad date", "2026-13-45T99:99"),
        new("full-width", "ｐａｒｅｎｔ＠ｅｘａｍｐｌｅ．ｊｐ"),
    ];

    private static readonly Sample[] Plain =
    [
        new("plain", "テスト"),
        new("plain", "parent@example.jp"),
        new("plain", "ippan-2026-2"),
        new("plain", "03-1234-5678"),
        new("plain", "reviewer"),
        new("plain", "2026-04-01T09:00"),
    ];

    public static readonly Gen<Sample> Hostile = Gen.OneOf(Samples);

    // A request line longer than the server's limit (8 KB) is refused before any endpoint is
    // chosen, so URLs take the hostile texts that fit.
    public static readonly Gen<Sample> InUrl = Gen.OneOf([.. Samples.Where(s => s.Text.Length <= 5_000)]);

    public static readonly Gen<Sample> Ordinary = Gen.OneOf(Plain);

    public static readonly Gen<Sample> Any = Gen.Frequency((2, Hostile), (1, Ordinary));

    // Bytes no UTF-8 decoder accepts: a lone continuation byte, an overlong NUL, 0xFF.
    public static readonly Gen<byte[]> RawBytes = Gen.OneOf<byte[]>(
        [0x80],
        [0xC0, 0x80],
        [0xFF, 0xFE],
        [0xED, 0xA0, 0x80]
    );
}
