namespace Habatan.Members.Imports.Files;

// A cell as the file stored it. CSV knows only text; a spreadsheet also says whether the cell
// held a number, a formula, a boolean or an error value, and that matters: an amount kept as
// text or computed by a formula is exactly what broke the incident's join.
public readonly record struct ImportCell(string? Text, CellType Type)
{
    public static readonly ImportCell Empty = new(null, CellType.Plain);

    public bool IsBlank => Type is CellType.Plain or CellType.Text && string.IsNullOrEmpty(Text);
}

public enum CellType
{
    // CSV: text with no type of its own.
    Plain,
    // A spreadsheet cell stored as a string.
    Text,
    Number,
    Formula,
    Boolean,
    Error,
}
