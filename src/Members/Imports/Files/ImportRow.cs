namespace Habatan.Members.Imports.Files;

// One data row: its number as ops see it in the spreadsheet or CSV (the header is row 1) and
// its cells in header order. ExtraCells counts cells beyond the last header.
public sealed record ImportRow(int Number, ImportCell[] Cells, int ExtraCells)
{
    public bool IsEmpty => ExtraCells == 0 && Cells.All(c => c.IsBlank);
}
