using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Habatan.Applications.Submissions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Habatan.Applications.Tests.Submissions;

// Issue 13, class 4: an ID document is checked by its content, and what is stored is only what
// an encoder wrote from its pixels. Every hostile file is generated here; none is committed.
public sealed class DocumentImageTests
{
    [Fact]
    public void AJpegAndAPngAreDecodedWholeAndStoredReEncoded()
    {
        var uploads = new[]
        {
            (Images.Jpeg(width: 64, height: 40), "image/jpeg"),
            (Images.Png(width: 64, height: 40), "image/png"),
        };
        foreach (var (upload, type) in uploads)
        {
            Assert.Null(DocumentImage.TryCreate("front", upload, out var image));

            Assert.Equal((type, 64, 40), (image!.ContentType, image.Width, image.Height));
            using var stored = Image.Load<Rgb24>(image.Content);
            Assert.Equal((64, 40), (stored.Width, stored.Height));
            if (type != "image/png")
                continue;
            // PNG is lossless: the same pixels, written anew.
            using var original = Image.Load<Rgb24>(upload);
            Assert.Equal(Pixels(original), Pixels(stored));
        }
    }

    [Fact]
    public void MetadataAndPaddingInsideTheFileAreNotStored()
    {
        var marker = Encoding.ASCII.GetBytes("Habatan-comment-" + Guid.NewGuid().ToString("N"));
        var jpeg = Images.WithJpegComment(Images.Jpeg(size: 64 * 1024), marker);
        var png = Images.WithPngChunk(Images.Png(), "tEXt", [.. "Comment\0"u8, .. marker]);
        using var withExif = Image.Load<Rgb24>(Images.Jpeg());
        withExif.Metadata.ExifProfile = new ExifProfile();
        withExif.Metadata.ExifProfile.SetValue(ExifTag.ImageDescription, Encoding.ASCII.GetString(marker));
        using var exifOutput = new MemoryStream();
        withExif.SaveAsJpeg(exifOutput);

        var text = Encoding.ASCII.GetString(marker);
        foreach (var upload in new[] { jpeg, png, exifOutput.ToArray() })
        {
            Assert.Contains(text, Encoding.Latin1.GetString(upload), StringComparison.Ordinal);
            Assert.Null(DocumentImage.TryCreate("front", upload, out var image));
            Assert.DoesNotContain(text, Encoding.Latin1.GetString(image!.Content), StringComparison.Ordinal);
            using var stored = Image.Load(image.Content);
            Assert.Null(stored.Metadata.ExifProfile);
        }
        // The 64 KB of comment padding is gone too.
        Assert.Null(DocumentImage.TryCreate("front", jpeg, out var padded));
        Assert.True(padded!.Content.Length < 32 * 1024);
    }

    public static TheoryData<string, DocumentRefusal> HostileFiles =>
        new()
        {
            { "truncated jpeg", DocumentRefusal.Truncated },
            { "truncated png", DocumentRefusal.Truncated },
            { "png + zip", DocumentRefusal.TrailingData },
            { "jpeg + zip", DocumentRefusal.TrailingData },
            { "jpeg + html", DocumentRefusal.TrailingData },
            { "pdf + html", DocumentRefusal.Pdf },
            { "html in a png chunk", DocumentRefusal.Polyglot },
            { "zip in a jpeg comment", DocumentRefusal.Polyglot },
            { "script in a jpeg comment", DocumentRefusal.Polyglot },
            { "png with a bad crc", DocumentRefusal.Unreadable },
            { "png without ihdr", DocumentRefusal.Unreadable },
            { "jpeg with no frame", DocumentRefusal.Unreadable },
            { "jpeg with 1,000 scans", DocumentRefusal.Unreadable },
            { "gif", DocumentRefusal.NotAnImage },
            { "html", DocumentRefusal.NotAnImage },
            { "pixel bomb png", DocumentRefusal.TooManyPixels },
            { "one-row png", DocumentRefusal.TooManyPixels },
        };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void AHostileFileIsRefusedForWhatItIs(string kind, DocumentRefusal expected)
    {
        var upload = Hostile(kind);

        Assert.Equal(expected, DocumentImage.TryCreate("front", upload, out var image));
        Assert.Null(image);
        // Every reason reads as a sentence for a parent, naming the side.
        Assert.StartsWith("表面", expected.Message("表面"), StringComparison.Ordinal);
    }

    [Fact]
    public void APixelBombIsRefusedFromItsHeaderWithoutDecoding()
    {
        // 100,000 x 100,000 pixels would be 40 GB decoded; the file is a few hundred bytes.
        var bomb = Hostile("pixel bomb png");
        DocumentImage.TryCreate("front", bomb, out _); // warm up: first use loads the decoders

        var before = GC.GetAllocatedBytesForCurrentThread();
        var refusal = DocumentImage.TryCreate("front", bomb, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(DocumentRefusal.TooManyPixels, refusal);
        Assert.True(allocated < 1024 * 1024, $"{allocated} bytes allocated to refuse a pixel bomb");
        Assert.True(bomb.Length < 1024);
    }

    private static byte[] Hostile(string kind)
    {
        var jpeg = Images.Jpeg();
        var png = Images.Png();
        return kind switch
        {
            "truncated jpeg" => jpeg[..(jpeg.Length / 2)],
            "truncated png" => png[..(png.Length / 2)],
            "png + zip" => [.. png, .. Zip()],
            "jpeg + zip" => [.. jpeg, .. Zip()],
            "jpeg + html" => [.. jpeg, .. "<html><script>alert(document.cookie)</script></html>"u8],
            "pdf + html" => [.. "%PDF-1.4\n"u8, .. "<html><body><script>fetch('/api/x')</script></body></html>"u8],
            "html in a png chunk" => Images.WithPngChunk(png, "tEXt", "Comment\0<HTML><script>1</script>"u8.ToArray()),
            "zip in a jpeg comment" => Images.WithJpegComment(jpeg, Zip()),
            "script in a jpeg comment" => Images.WithJpegComment(jpeg, "x<Script src=//evil.example/x.js>"u8.ToArray()),
            "png with a bad crc" => BadCrc(png),
            "png without ihdr" => [.. png[..8], .. png[33..]],
            "jpeg with no frame" => [0xFF, 0xD8, 0xFF, 0xD9],
            "jpeg with 1,000 scans" => [.. jpeg[..^2], .. ManyScans(1000), 0xFF, 0xD9],
            "gif" => Images.Gif(),
            "html" => "<!DOCTYPE html><html><script>alert(1)</script></html>"u8.ToArray(),
            "pixel bomb png" => PngHeaderOnly(100_000, 100_000),
            "one-row png" => PngHeaderOnly(DocumentImage.MaxSide + 1, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    // A start-of-scan segment for one component, followed by no entropy-coded data.
    private static readonly byte[] EmptyScan = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00];

    private static byte[] ManyScans(int count) => [.. Enumerable.Repeat(EmptyScan, count).SelectMany(s => s)];

    private static byte[] Pixels(Image<Rgb24> image)
    {
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    private static byte[] Zip()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("index.html").Open();
            entry.Write("<script>alert(1)</script>"u8);
        }
        return output.ToArray();
    }

    private static byte[] BadCrc(byte[] png)
    {
        var copy = png.ToArray();
        copy[29] ^= 0xFF; // the last byte of IHDR's CRC
        return copy;
    }

    // A well-formed PNG that claims huge dimensions and holds a few compressed bytes of pixels.
    private static byte[] PngHeaderOnly(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(new byte[4096]);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        return
        [
            .. signature,
            .. Images.Chunk("IHDR", header),
            .. Images.Chunk("IDAT", compressed.ToArray()),
            .. Images.Chunk("IEND", []),
        ];
    }
}
