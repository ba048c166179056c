using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Habatan.Applications.Submissions;

// The outer structure of a PNG or JPEG file, walked chunk by chunk (segment by segment) to its
// end marker before any decoder sees it. A decoder is lenient by design: it fills a truncated
// image with grey and ignores what follows the end marker, which is where an appended archive or
// page hides. This walk is strict: every chunk complete (and, for PNG, its CRC right), the end
// marker present, nothing after it, and no markup or archive inside a metadata chunk.
internal static class ImageContainer
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // What another format or a page starts with. Looked for in metadata only (PNG text and
    // private chunks, JPEG APPn and COM segments), never in compressed pixels where any byte
    // sequence occurs by chance.
    private static readonly byte[][] Foreign =
    [
        .. new[] { "<script", "<html", "<body", "<iframe", "<svg", "<object", "<embed", "javascript:", "%pdf-" }.Select(
            Encoding.ASCII.GetBytes
        ),
        "pk\x03\x04"u8.ToArray(),
        "pk\x05\x06"u8.ToArray(),
        "rar!\x1A\x07"u8.ToArray(),
        [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C],
    ];

    private static readonly SearchValues<byte> Starts = SearchValues.Create([
        .. Foreign.Select(m => m[0]),
        .. Foreign.Select(m => m[0]).Where(IsLower).Select(b => (byte)(b - 32)),
    ]);

    public static ImageFormatKind Sniff(ReadOnlySpan<byte> content) =>
        content.StartsWith(PngSignature) ? ImageFormatKind.Png
        : content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? ImageFormatKind.Jpeg
        : content.StartsWith("%PDF-"u8) ? ImageFormatKind.Pdf
        : ImageFormatKind.Other;

    public static DocumentRefusal? Check(ReadOnlySpan<byte> content, ImageFormatKind format)
    {
        var end = format == ImageFormatKind.Png ? PngEnd(content) : JpegEnd(content);
        if (end is { Refusal: { } refusal })
            return refusal;
        return end.Offset == content.Length ? null : DocumentRefusal.TrailingData;
    }

    private static (int Offset, DocumentRefusal? Refusal) PngEnd(ReadOnlySpan<byte> content)
    {
        var position = PngSignature.Length;
        var first = true;
        while (true)
        {
            if (content.Length - position < 12)
                return (0, DocumentRefusal.Truncated);
            var length = BinaryPrimitives.ReadUInt32BigEndian(content[position..]);
            var type = content.Slice(position + 4, 4);
            if (length > (uint)(content.Length - position - 12))
                return (0, DocumentRefusal.Truncated);
            foreach (var letter in type)
                if (!IsLower(letter) && !IsLower((byte)(letter + 32)))
                    return (0, DocumentRefusal.Unreadable);
            if (first != type.SequenceEqual("IHDR"u8))
                return (0, DocumentRefusal.Unreadable);
            first = false;
            var data = content.Slice(position + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(content[(position + 8 + (int)length)..]);
            if (Crc32.Of(content.Slice(position + 4, 4 + (int)length)) != crc)
                return (0, DocumentRefusal.Unreadable);
            if (!type.SequenceEqual("IDAT"u8) && ContainsForeign(data))
                return (0, DocumentRefusal.Polyglot);
            position += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8))
                return (position, null);
        }
    }

    // A progressive JPEG has about ten scans; each one makes the decoder pass over the whole image
    // again, so thousands of tiny scans are a way to spend minutes of CPU on a small file.
    private const int MaxJpegScans = 64;

    private static (int Offset, DocumentRefusal? Refusal) JpegEnd(ReadOnlySpan<byte> content)
    {
        var position = 2;
        var scans = 0;
        while (true)
        {
            if (position >= content.Length || content[position] != 0xFF)
                return (0, DocumentRefusal.Truncated);
            // Fill bytes (0xFF) may precede a marker.
            while (position < content.Length && content[position] == 0xFF)
                position++;
            if (position >= content.Length)
                return (0, DocumentRefusal.Truncated);
            var marker = content[position++];
            if (marker == 0xD9)
                return (position, null);
            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
                continue;
            if (marker is 0x00 or 0xD8)
                return (0, DocumentRefusal.Unreadable);
            if (content.Length - position < 2)
                return (0, DocumentRefusal.Truncated);
            var length = BinaryPrimitives.ReadUInt16BigEndian(content[position..]);
            if (length < 2)
                return (0, DocumentRefusal.Unreadable);
            if (length > content.Length - position)
                return (0, DocumentRefusal.Truncated);
            if (marker is >= 0xE0 and <= 0xEF or 0xFE && ContainsForeign(content.Slice(position + 2, length - 2)))
                return (0, DocumentRefusal.Polyglot);
            position += length;
            if (marker != 0xDA)
                continue;
            if (++scans > MaxJpegScans)
                return (0, DocumentRefusal.Unreadable);
            position = ScanEnd(content, position);
        }
    }

    // Entropy-coded data runs to the next marker: 0xFF not followed by a stuffed 0x00 or a restart.
    private static int ScanEnd(ReadOnlySpan<byte> content, int position)
    {
        while (true)
        {
            var next = content[position..].IndexOf((byte)0xFF);
            if (next < 0 || position + next + 1 >= content.Length)
                return content.Length;
            position += next;
            var following = content[position + 1];
            if (following != 0x00 && following is not (>= 0xD0 and <= 0xD7))
                return position;
            position += 2;
        }
    }

    // Matched without regard to ASCII case ("<SCRIPT", "pk\x03\x04" alike): the markers are kept in lower case.
    private static bool ContainsForeign(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            var next = data[i..].IndexOfAny(Starts);
            if (next < 0)
                return false;
            i += next;
            var first = Fold(data[i]);
            foreach (var marker in Foreign)
                if (marker[0] == first && marker.Length <= data.Length - i && Matches(data[i..], marker))
                    return true;
        }
        return false;
    }

    private static bool Matches(ReadOnlySpan<byte> data, byte[] marker)
    {
        for (var i = 1; i < marker.Length; i++)
            if (Fold(data[i]) != marker[i])
                return false;
        return true;
    }

    private static byte Fold(byte b) => IsLower((byte)(b + 32)) ? (byte)(b + 32) : b;

    private static bool IsLower(byte b) => b is >= (byte)'a' and <= (byte)'z';
}

public enum ImageFormatKind
{
    Other,
    Png,
    Jpeg,
    Pdf,
}
