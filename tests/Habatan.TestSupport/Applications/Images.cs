using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Habatan.TestSupport.Applications;

// Real images of random noise (so no two uploads are alike), written by ImageSharp. Given a
// size, they are padded to exactly that many bytes inside the format (JPEG comment segments,
// a private PNG chunk), so they stay valid images a decoder reads whole.
public static class Images
{
    public static byte[] Jpeg(int size = 0, int width = 48, int height = 32)
    {
        using var image = Noise(width, height);
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = 90 });
        return PadJpeg(output.ToArray(), size);
    }

    public static byte[] Png(int size = 0, int width = 48, int height = 32)
    {
        using var image = Noise(width, height);
        using var output = new MemoryStream();
        image.SaveAsPng(output, new PngEncoder());
        return PadPng(output.ToArray(), size);
    }

    // Starts as a PDF does; the service takes no PDF, whatever follows.
    public static byte[] Pdf() =>
        "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    public static byte[] Gif() => [.. "GIF89a"u8, .. RandomNumberGenerator.GetBytes(512)];

    // A JPEG comment segment (FF FE, length, text) holding the given bytes, right after SOI.
    public static byte[] WithJpegComment(byte[] jpeg, byte[] comment)
    {
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(comment.Length + 2));
        return [.. jpeg[..2], 0xFF, 0xFE, .. length, .. comment, .. jpeg[2..]];
    }

    // A PNG chunk of the given type inserted right after IHDR (signature 8 + IHDR 25 bytes).
    public static byte[] WithPngChunk(byte[] png, string type, byte[] data) =>
        [.. png[..33], .. Chunk(type, data), .. png[33..]];

    public static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    // PNG's CRC-32 (polynomial 0xEDB88320), bit by bit: test files are small.
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }

    private static Image<Rgb24> Noise(int width, int height)
    {
        var pixels = RandomNumberGenerator.GetBytes(width * height * 3);
        return Image.LoadPixelData<Rgb24>(pixels, width, height);
    }

    private static byte[] PadJpeg(byte[] jpeg, int size)
    {
        var padding = new List<byte>();
        foreach (var length in Pieces(size - jpeg.Length, headerBytes: 4, maxData: 65_533))
            padding.AddRange(WithJpegComment([0xFF, 0xD8], Filler(length))[2..]);
        return [.. jpeg[..2], .. padding, .. jpeg[2..]];
    }

    private static byte[] PadPng(byte[] png, int size)
    {
        var padding = new List<byte>();
        foreach (var length in Pieces(size - png.Length, headerBytes: 12, maxData: 1 << 20))
            padding.AddRange(Chunk("paDd", Filler(length)));
        return [.. png[..33], .. padding, .. png[33..]];
    }

    // Data lengths of segments that together take exactly `bytes` (each costs headerBytes more).
    private static IEnumerable<int> Pieces(int bytes, int headerBytes, int maxData)
    {
        while (bytes > 0)
        {
            if (bytes < headerBytes)
                throw new ArgumentException("Too close to the image's size to pad to exactly.");
            var data = Math.Min(bytes - headerBytes, maxData);
            // Leave no remainder too small to hold a segment of its own.
            if (bytes - headerBytes - data is > 0 and var rest && rest < headerBytes)
                data -= headerBytes;
            yield return data;
            bytes -= data + headerBytes;
        }
    }

    // Hex text: no markup and no archive signature can occur in it by chance.
    private static byte[] Filler(int length) =>
        Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((length + 1) / 2)))[..length];
}
