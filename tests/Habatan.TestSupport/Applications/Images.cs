using System.Security.Cryptography;

namespace Habatan.TestSupport.Applications;

// Small files that start like the real formats, so the service's sniffing is what decides.
public static class Images
{
    public static byte[] Jpeg(int size = 2048) => [0xFF, 0xD8, 0xFF, 0xE0, .. RandomNumberGenerator.GetBytes(size)];

    public static byte[] Png(int size = 2048) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(size)];

    public static byte[] Pdf(int size = 2048) => [.. "%PDF-1.7\n"u8, .. RandomNumberGenerator.GetBytes(size)];

    public static byte[] Gif() => [.. "GIF89a"u8, .. RandomNumberGenerator.GetBytes(512)];
}
