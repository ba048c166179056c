namespace Habatan.Members.Imports.Files;

// What an import file may hold, so that a hostile file is refused within bounded memory and
// time. Each limit is well above what a real roster or entitlement file needs (docs/input-files.md):
// Excel's own sheet size, Excel's own cell length, and an .xlsx part several times the size of
// a full sheet. Tests pass smaller ones to reach a limit with a small file.
public sealed record ImportFileLimits
{
    public static readonly ImportFileLimits Default = new();

    // Excel's sheet: 1,048,576 rows, columns A to XFD.
    public int MaxRows { get; init; } = 1_048_576;
    public int MaxColumns { get; init; } = 16_384;

    // CSV has no sheet size; a roster of 1.15 million members has to fit.
    public int MaxCsvRows { get; init; } = 2_000_000;

    // The layouts have at most seven columns; a header row wider than this is not one of ours.
    public int MaxHeaderColumns { get; init; } = 64;

    // Excel's own limit for the text of one cell.
    public int MaxCellChars { get; init; } = 32_767;

    // CSV: one record (a line, or lines joined by a quoted break). Sylvan's buffer never grows
    // past this, so a line of 100 MB costs 64 K characters to refuse.
    public int MaxRecordChars { get; init; } = 64 * 1024;
    public int MaxFieldsPerRecord { get; init; } = 1_024;

    // .xlsx: the archive, read from its central directory before anything is decompressed.
    public int MaxEntries { get; init; } = 1_000;
    public long MaxPartBytes { get; init; } = 512L * 1024 * 1024;
    public long MaxTotalBytes { get; init; } = 1024L * 1024 * 1024;
    public long MaxIndexPartBytes { get; init; } = 1024 * 1024;

    // Excel's XML deflates about 12:1; a zip bomb, thousands to one. Small parts may exceed it.
    public int MaxCompressionRatio { get; init; } = 100;
    public long RatioCheckedFromBytes { get; init; } = 1024 * 1024;

    // .xlsx: the XML. Real sheets nest seven deep (worksheet, sheetData, row, c, is, r, t). No
    // markup token (tag or text) is longer than a cell, so a run without '<' past this is hostile.
    public int MaxXmlDepth { get; init; } = 32;
    public int MaxTokenBytes { get; init; } = 1024 * 1024;

    // Shared strings are held in memory while the sheet is read (a cell names one by index).
    // A full sheet of distinct 30-character addresses is about 31 M characters; these caps keep
    // the table under about 150 MB whatever the part holds.
    public long MaxSharedStringChars { get; init; } = 40L * 1024 * 1024;
    public int MaxSharedStrings { get; init; } = 2 * 1_048_576;
}
