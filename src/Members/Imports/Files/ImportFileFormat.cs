namespace Habatan.Members.Imports.Files;

public enum ImportFileFormat
{
    Csv,
    Xlsx,
}

public static class ImportFileFormats
{
    // Decided by the content, not by a name or a content type that a client may get wrong:
    // an .xlsx file is a zip archive and starts with "PK\x03\x04".
    public static ImportFileFormat Detect(Stream file)
    {
        Span<byte> head = stackalloc byte[4];
        var read = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 4 && head.SequenceEqual("PK\x03\x04"u8) ? ImportFileFormat.Xlsx : ImportFileFormat.Csv;
    }

    public static IImportFile Open(Stream file, ImportFileFormat format, ImportFileLimits? limits = null) =>
        format switch
        {
            ImportFileFormat.Xlsx => XlsxImportFile.Open(file, limits),
            _ => CsvImportFile.Open(file, limits),
        };

    public static string Name(this ImportFileFormat format) => format == ImportFileFormat.Xlsx ? "xlsx" : "csv";
}
