namespace Habatan.Applications.Submissions;

// CRC-32 as PNG uses it (ISO 3309, polynomial 0xEDB88320), for checking each chunk.
internal static class Crc32
{
    private static readonly uint[] Table = Enumerable
        .Range(0, 256)
        .Select(n =>
        {
            var c = (uint)n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            return c;
        })
        .ToArray();

    public static uint Of(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }
}
