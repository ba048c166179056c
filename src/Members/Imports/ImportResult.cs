namespace Habatan.Members.Imports;

// What an import did. Status: "imported" (merged), "rejected" (nothing stored but this record
// and its error report), "duplicate" (the same file was imported before; nothing changed).
public sealed record ImportResult(
    Guid ImportId,
    string Kind,
    string Format,
    string? FileName,
    string Status,
    int RowCount,
    int ErrorCount,
    int InsertedCount,
    int UpdatedCount,
    Guid? DuplicateOf,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<ImportCellError> Errors
);
