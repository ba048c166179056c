namespace Habatan.Members.Imports;

// One line of an import's error report: where (row as ops see it, column by its header), what
// was there, and why it was refused. Row 0 stands for the file as a whole.
public sealed record ImportCellError(int Row, string Column, string? Value, string Reason);
