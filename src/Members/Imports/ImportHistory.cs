using System.Text;

namespace Habatan.Members.Imports;

// Import history for ops: what was uploaded, by whom, with what result, and the full error
// report of a rejected file.
public sealed class ImportHistory(DbSession session)
{
    private const string Columns = """
        id, kind, file_format, file_name, status, row_count, error_count, inserted_count, updated_count, duplicate_of,
        started_at, finished_at, imported_by
        """;

    public Task<List<ImportSummary>> RecentAsync(int limit, CancellationToken cancellationToken) =>
        session.QueryAsync(
            $"SELECT {Columns} FROM member_import ORDER BY started_at DESC LIMIT $1",
            Read,
            cancellationToken,
            limit
        );

    public async Task<ImportDetail?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var summary = await session.QuerySingleAsync(
            $"SELECT {Columns} FROM member_import WHERE id = $1",
            Read,
            cancellationToken,
            id
        );
        if (summary is null)
            return null;
        var errors = new List<ImportCellError>();
        await foreach (var error in ErrorsAsync(id, ImportErrorSink.KeptInResponse, cancellationToken))
            errors.Add(error);
        return new ImportDetail(summary, errors);
    }

    public async IAsyncEnumerable<ImportCellError> ErrorsAsync(
        Guid id,
        int? limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        await using var command = await session.CommandAsync(
            """
            SELECT row_number, column_name, value, reason FROM member_import_error
            WHERE import_id = $1 ORDER BY row_number, seq LIMIT $2
            """,
            cancellationToken
        );
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = (object?)limit ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return new ImportCellError(
                reader.GetInt32(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3)
            );
    }

    // The report opens in Excel as ops expect (UTF-8 with BOM). A value that Excel would run
    // as a formula (the very formula cells the file was refused for) is prefixed with ' so the
    // report shows it instead of executing it.
    public async Task WriteReportAsync(Guid id, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(
            output,
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
            1 << 16,
            leaveOpen: true
        );
        await writer.WriteAsync("行,列,値,理由\r\n");
        await foreach (var error in ErrorsAsync(id, null, cancellationToken))
        {
            await writer.WriteAsync($"{error.Row},{Csv(error.Column)},{Csv(error.Value)},{Csv(error.Reason)}\r\n");
        }
        await writer.FlushAsync(cancellationToken);
    }

    internal static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0
            ? $"\"{value.Replace("\"", "\"\"",
            StringComparison.Ordinal)}\""
            : value;
    }

    private static ImportSummary Read(Npgsql.NpgsqlDataReader reader) =>
        new(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4),
            reader.GetInt32(5),
            reader.GetInt32(6),
            reader.GetInt32(7),
            reader.GetInt32(8),
            reader.IsDBNull(9) ? null : reader.GetGuid(9),
            reader.GetFieldValue<DateTimeOffset>(10),
            reader.GetFieldValue<DateTimeOffset>(11),
            reader.GetString(12)
        );
}

public sealed record ImportSummary(
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
    string ImportedBy
);

public sealed record ImportDetail(ImportSummary Import, IReadOnlyList<ImportCellError> Errors);
