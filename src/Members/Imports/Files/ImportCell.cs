namespace Habatan.Members.Imports.Files;

// A cell as the file stored it. CSV knows only text; a spreadsheet also says whether the cell
// held a number, a formula, a boolean or an error value, and that matters: an amount kept as
// text or computed by a formula is exactly what broke the incident's join.
public readonly record struct ImportCell(string? Text, CellKind Kind)
{
    public static readonly ImportCell Empty = new(null, CellKind.Plain);

    public bool IsBlank => Kind is CellKind.Plain or CellKind.Text && string.IsNullOrEmpty(Text);
}

public enum CellKind
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
