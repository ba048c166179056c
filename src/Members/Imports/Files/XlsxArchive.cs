using System.Buffers.Binary;
using System.IO.Compression;

namespace Habatan.Members.Imports.Files;

// Checks an .xlsx archive from its directory before any part is decompressed: how many parts,
// how large each says it is, and how far it says it deflates. .NET's zip reader stops at the
// size an entry declares, so a part that lies about it ends early and fails as broken XML:
// the declared sizes bound what is ever decompressed.
internal static class XlsxArchive
{
    public static void Check(Stream file, ImportFileLimits limits)
    {
        // The entry count, from the end-of-directory record, before ZipArchive makes an object per entry.
        if (EntryCount(file) is not { } count)
            throw XlsxImportFile.Unreadable(null);
        if (count > limits.MaxEntries)
            throw TooLarge($"部品（ファイル）が{count}個あります。{limits.MaxEntries}個まで");

        long total = 0;
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName;
                var index = name == "[Content_Types].xml" || name.EndsWith(".rels", StringComparison.Ordinal);
                var max = index ? limits.MaxIndexPartBytes : limits.MaxPartBytes;
                if (entry.Length > max || entry.Length < 0)
                    throw TooLarge($"部品の展開後の大きさが {Megabytes(max)}MB を超えています");
                total += entry.Length;
                if (total > limits.MaxTotalBytes)
                    throw TooLarge($"展開後の大きさが合計 {Megabytes(limits.MaxTotalBytes)}MB を超えています");
                var ratio = entry.Length / Math.Max(1, entry.CompressedLength);
                if (entry.Length >= limits.RatioCheckedFromBytes && ratio > limits.MaxCompressionRatio)
                    throw TooLarge(
                        $"圧縮率が異常です（{limits.MaxCompressionRatio}倍まで）。ZIP爆弾の可能性があります"
                    );
            }
        }
        catch (InvalidDataException ex)
        {
            throw XlsxImportFile.Unreadable(ex);
        }
        finally
        {
            file.Position = 0;
        }
    }

    private static ImportFileException TooLarge(string what) =>
        new(
            $"Excelファイルの中身が大きすぎるため読みません（{what}）。必要な列と行だけのシートを .xlsx で保存し直すか、CSV にしてください。"
        );

    private static long Megabytes(long bytes) => bytes / (1024 * 1024);

    // The end-of-central-directory record: the last 22 bytes plus a comment of up to 64 KB.
    private static int? EntryCount(Stream file)
    {
        var length = file.Length;
        var tail = new byte[(int)Math.Min(length, 22 + 0xFFFF)];
        file.Position = length - tail.Length;
        file.ReadExactly(tail);
        file.Position = 0;
        var at = tail.AsSpan().LastIndexOf("PK\x05\x06"u8);
        if (at < 0 || at + 22 > tail.Length)
            return null;
        // 0xFFFF says "see the zip64 record": only archives of 65,535 entries or more need it.
        return BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
    }
}
