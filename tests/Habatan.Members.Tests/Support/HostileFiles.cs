using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Habatan.Members.Tests.Support;

// Hostile import files (issue 13, class 7), generated when a test runs: nothing binary is
// committed. Each is small on disk and absurd once read; `Kinds` names them for theories.
public static class HostileFiles
{
    public static readonly string[] XlsxKinds =
    [
        "zip bomb",
        "declared size",
        "too many parts",
        "column ZZZZZZ1",
        "row A99999999",
        "row attribute 99999999",
        "huge shared strings",
        "deep sheet",
        "deep workbook",
        "deep shared strings",
        "long token",
        "entity expansion",
        "wide header",
    ];

    public static readonly string[] CsvKinds =
    [
        "line of 100 MB",
        "cell of 10 MB",
        "100,000 columns in a row",
        "1,000 header columns",
    ];

    public static Stream Open(string kind) =>
        kind switch
        {
            "line of 100 MB" => new GeneratedStream(
                "メールアドレス,アプリ内通知\n"u8.ToArray(),
                (byte)'x',
                100L * 1024 * 1024
            ),
            "cell of 10 MB" => new GeneratedStream(
                "メールアドレス,アプリ内通知\na@example.jp,\""u8.ToArray(),
                (byte)'y',
                10L * 1024 * 1024
            ),
            "100,000 columns in a row" => new MemoryStream(
                Encoding.UTF8.GetBytes(
                    "メールアドレス,アプリ内通知\r\n" + string.Join(',', Enumerable.Repeat("1", 100_000)) + "\r\n"
                )
            ),
            "1,000 header columns" => new MemoryStream(
                Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(1, 1000).Select(i => $"列{i}")) + "\r\n1\r\n")
            ),
            _ => new MemoryStream(Xlsx(kind)),
        };

    public static byte[] Csv(string kind)
    {
        using var stream = Open(kind);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static byte[] Xlsx(string kind)
    {
        var clean = XlsxFile.Build([
            ["メールアドレス", "アプリ内通知", "退会日"],
            ["a@example.jp", "1", null],
        ]);
        return kind switch
        {
            // 64 MB of zeros in a part: deflated about a thousand to one.
            "zip bomb" => With(clean, "xl/media/image1.bin", stream => Zeros(stream, 64L * 1024 * 1024)),
            // A sheet that says it is 4 GB: refused from the directory, nothing decompressed.
            "declared size" => DeclareSize(clean, "xl/worksheets/sheet1.xml", 0xFFFF_FFF0),
            "too many parts" => Many(clean, 5_000),
            "column ZZZZZZ1" => Sheet(clean, """<row r="1"><c r="ZZZZZZ1" t="inlineStr"><is><t>a</t></is></c></row>"""),
            "row A99999999" => Sheet(clean, Header + """<row r="2"><c r="A99999999"><v>1</v></c></row>"""),
            "row attribute 99999999" => Sheet(clean, Header + """<row r="99999999"><c><v>1</v></c></row>"""),
            // Distinct strings, so the part deflates no better than text does and passes the ratio.
            "huge shared strings" => With(clean, "xl/sharedStrings.xml", s => SharedStrings(s, 20_000, 3_000)),
            "deep sheet" => Sheet(clean, Header + "<row r=\"2\"><c r=\"A2\"><v>" + Nest(200_000) + "</v></c></row>"),
            "deep workbook" => With(
                clean,
                "xl/workbook.xml",
                stream => stream.Write(Encoding.UTF8.GetBytes($"<workbook xmlns=\"{Main}\">{Nest(200_000)}</workbook>"))
            ),
            "deep shared strings" => With(
                clean,
                "xl/sharedStrings.xml",
                stream => stream.Write(Encoding.UTF8.GetBytes($"<sst xmlns=\"{Main}\"><si>{Nest(200_000)}</si></sst>"))
            ),
            // Two megabytes of one text node: no '<' for longer than any cell.
            "long token" => Sheet(
                clean,
                Header + "<row r=\"2\"><c r=\"A2\" t=\"str\"><v>" + Letters(2 * 1024 * 1024) + "</v></c></row>"
            ),
            "entity expansion" => With(
                clean,
                "xl/worksheets/sheet1.xml",
                stream =>
                    stream.Write(
                        Encoding.UTF8.GetBytes(
                            "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
                                + $"<worksheet xmlns=\"{Main}\"><sheetData>"
                                + "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>&lol2;</v></c></row>"
                                + "</sheetData></worksheet>"
                        )
                    )
            ),
            "wide header" => Sheet(
                clean,
                "<row r=\"1\">"
                    + string.Concat(
                        Enumerable
                            .Range(0, 100)
                            .Select(i => $"<c r=\"{Column(i)}1\" t=\"inlineStr\"><is><t>列{i}</t></is></c>")
                    )
                    + "</row>"
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    // A roster's header, so the one thing wrong is the hostile part.
    private const string Header =
        """<row r="1"><c r="A1" t="inlineStr"><is><t>メールアドレス</t></is></c>"""
        + """<c r="B1" t="inlineStr"><is><t>アプリ内通知</t></is></c><c r="C1" t="inlineStr"><is><t>退会日</t></is></c></row>""";

    private static byte[] Sheet(byte[] xlsx, string rows) =>
        With(
            xlsx,
            "xl/worksheets/sheet1.xml",
            stream =>
                stream.Write(
                    Encoding.UTF8.GetBytes($"<worksheet xmlns=\"{Main}\"><sheetData>{rows}</sheetData></worksheet>")
                )
        );

    // The workbook with one entry replaced (or added), everything else as it was.
    public static byte[] With(byte[] xlsx, string entryName, Action<Stream> write)
    {
        using var output = new MemoryStream();
        output.Write(xlsx);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(entryName)?.Delete();
            using var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest).Open();
            write(entry);
        }
        return output.ToArray();
    }

    private static byte[] Many(byte[] xlsx, int count)
    {
        using var output = new MemoryStream();
        output.Write(xlsx);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
            for (var i = 0; i < count; i++)
                zip.CreateEntry($"customXml/item{i}.xml", CompressionLevel.NoCompression);
        return output.ToArray();
    }

    // Rewrites the uncompressed size the central directory declares for one entry.
    private static byte[] DeclareSize(byte[] xlsx, string entryName, uint size)
    {
        var bytes = xlsx.ToArray();
        var name = Encoding.UTF8.GetBytes(entryName);
        for (var at = bytes.AsSpan().IndexOf("PK\x01\x02"u8); at >= 0; )
        {
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 28));
            if (bytes.AsSpan(at + 46, nameLength).SequenceEqual(name))
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 24), size);
            var next = bytes.AsSpan(at + 4).IndexOf("PK\x01\x02"u8);
            at = next < 0 ? -1 : at + 4 + next;
        }
        return bytes;
    }

    private static void Zeros(Stream stream, long length)
    {
        var block = new byte[1024 * 1024];
        for (long written = 0; written < length; written += block.Length)
            stream.Write(block);
    }

    private static void SharedStrings(Stream stream, int count, int length)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        writer.Write($"<sst xmlns=\"{Main}\">");
        var random = new Random(13);
        for (var i = 0; i < count; i++)
            writer.Write($"<si><t>{i}-{Letters(random, length)}</t></si>");
        writer.Write("</sst>");
    }

    private static string Nest(int depth) =>
        string.Concat(Enumerable.Repeat("<x>", depth)) + string.Concat(Enumerable.Repeat("</x>", depth));

    private static string Letters(int length) => Letters(new Random(7), length);

    private static string Letters(Random random, int length) =>
        string.Create(
            length,
            random,
            (span, r) =>
            {
                for (var i = 0; i < span.Length; i++)
                    span[i] = (char)('a' + r.Next(26));
            }
        );

    private static string Column(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : Column(index / 26 - 1) + (char)('A' + index % 26);
}

// A read-only stream of a prefix and then one byte repeated: a file of 100 MB without 100 MB in memory.
public sealed class GeneratedStream(byte[] prefix, byte fill, long length) : Stream
{
    private long _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var total = prefix.Length + length;
        var n = (int)Math.Min(count, total - _position);
        for (var i = 0; i < n; i++, _position++)
            buffer[offset + i] = _position < prefix.Length ? prefix[_position] : fill;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => prefix.Length + length;
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
