using System.Security.Cryptography;

namespace Habatan.Applications.Submissions;

// An ID-document image recognised by its first bytes, not by the name or type the browser
// claims. Its bytes are stored and never sent back or logged; ToString says nothing of them.
public sealed class DocumentImage
{
    private static readonly (byte[] Magic, string ContentType)[] Signatures =
    [
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ("%PDF-"u8.ToArray(), "application/pdf"),
    ];

    private DocumentImage(string side, string contentType, byte[] content)
    {
        Side = side;
        ContentType = contentType;
        Content = content;
        Sha256 = SHA256.HashData(content);
    }

    public string Side { get; }
    public string ContentType { get; }
    public byte[] Content { get; }
    public byte[] Sha256 { get; }

    public static string? Sniff(ReadOnlySpan<byte> content)
    {
        foreach (var (magic, contentType) in Signatures)
            if (content.StartsWith(magic)) return contentType;
        return null;
    }

    public static DocumentImage? TryCreate(string side, byte[] content) =>
        Sniff(content) is { } contentType ? new DocumentImage(side, contentType, content) : null;

    public override string ToString() => $"{Side} {ContentType} ({Content.Length} bytes)";
}
