using System.Security.Cryptography;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Habatan.Applications.Submissions;

// An ID-document image as it is stored: checked by its content, then decoded and encoded anew.
// What reaches a reviewer's browser is only what the encoder wrote from the pixels: no metadata
// (location, camera, comments), no chunk or segment of the upload, nothing after its end. The
// upload's own bytes are never stored, sent back or logged; ToString says nothing of them.
public sealed class DocumentImage
{
    // A phone photo is 12 to 50 megapixels; an ID card needs far fewer to be read. The decoded
    // image is held as 3 (JPEG) or 4 (PNG) bytes a pixel, so this bounds one decode at 160 MB
    // whatever the file claims, and a 50 KB "decompression bomb" PNG is refused before decoding.
    public const int MaxPixels = 40_000_000;
    public const int MaxSide = 12_000;
    private const int JpegQuality = 90;

    // The PNG is re-encoded at the 9:00 rush, where the profile found the default deflate level
    // the largest single cost of a submission (issue #19): the fastest level keeps every pixel
    // (PNG is lossless at any level) and stores a somewhat larger file instead.
    private static readonly PngEncoder FastPng = new() { CompressionLevel = PngCompressionLevel.BestSpeed };

    // Only the two formats we take: no other decoder (GIF, BMP, TIFF, WebP...) is ever reached.
    private static readonly Configuration Decoding = new(new PngConfigurationModule(), new JpegConfigurationModule());

    // Decoding is CPU- and memory-bound: at most one per core at a time.
    private static readonly SemaphoreSlim Decoders = new(Environment.ProcessorCount);

    private DocumentImage(string side, string contentType, byte[] content, int width, int height)
    {
        Side = side;
        ContentType = contentType;
        Content = content;
        Width = width;
        Height = height;
        Sha256 = SHA256.HashData(content);
    }

    public string Side { get; }
    public string ContentType { get; }
    public byte[] Content { get; }
    public int Width { get; }
    public int Height { get; }
    public byte[] Sha256 { get; }

    public static DocumentRefusal? TryCreate(string side, byte[] upload, out DocumentImage? image)
    {
        image = null;
        var format = ImageContainer.Sniff(upload);
        if (format == ImageFormatKind.Pdf)
            return DocumentRefusal.Pdf;
        if (format == ImageFormatKind.Other)
            return DocumentRefusal.NotAnImage;
        if (ImageContainer.Check(upload, format) is { } refusal)
            return refusal;

        Decoders.Wait();
        try
        {
            // The header alone first: the pixel count decides whether decoding may start at all.
            var info = Image.Identify(Decoding, upload, out _);
            if (info is null)
                return DocumentRefusal.Unreadable;
            if (info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels)
                return DocumentRefusal.TooManyPixels;
            image =
                format == ImageFormatKind.Jpeg
                    ? Reencode<Rgb24>(side, upload, "image/jpeg", new JpegEncoder { Quality = JpegQuality })
                    : Reencode<Rgba32>(side, upload, "image/png", FastPng);
            return null;
        }
        catch (Exception e) when (e is ImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            return DocumentRefusal.Unreadable;
        }
        finally
        {
            Decoders.Release();
        }
    }

    private static DocumentImage Reencode<TPixel>(string side, byte[] upload, string contentType, IImageEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var decoded = Image.Load<TPixel>(Decoding, upload);
        // Turned upright by its EXIF orientation before the EXIF goes, so a portrait photo stays one.
        decoded.Mutate(x => x.AutoOrient());
        decoded.Metadata.ExifProfile = null;
        decoded.Metadata.IccProfile = null;
        decoded.Metadata.IptcProfile = null;
        decoded.Metadata.XmpProfile = null;
        decoded.Metadata.GetPngMetadata().TextData.Clear();
        foreach (var frame in decoded.Frames)
        {
            frame.Metadata.ExifProfile = null;
            frame.Metadata.IccProfile = null;
            frame.Metadata.IptcProfile = null;
            frame.Metadata.XmpProfile = null;
        }
        using var output = new MemoryStream();
        decoded.Save(output, encoder);
        return new DocumentImage(side, contentType, output.ToArray(), decoded.Width, decoded.Height);
    }

    public override string ToString() => $"{Side} {ContentType} {Width}x{Height} ({Content.Length} bytes)";
}
