using Habatan.Members.Imports.Files;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Habatan.Members.Imports;

// Runs one import (DESIGN.md, incident 2, point 1): rows are parsed as they stream from the
// file and every valid row goes by binary COPY into a temporary staging table; bad cells go to
// the error sink. Only when the whole file, and the checks over it, found no error at all is
// it merged, in the same transaction. Otherwise the transaction is rolled back, so nothing of
// the file is stored but the history row and its error report.
public sealed partial class MemberImporter(
    DbSession session,
    TimeProvider time,
    IOptions<ImportOptions> options,
    ILogger<MemberImporter> logger
)
{
    // Imports run one at a time: two merges over the same members would race, and the check
    // for an already imported file must see the other's result.
    internal const long ImportLock = 0x4861_6261_7449_6D70; // "HabatImp"
    private const string InsertOnlySavepoint = "insert_only";

    public async Task<ImportResult> ImportAsync(
        ImportKind kind,
        ImportUpload upload,
        string importedBy,
        CancellationToken cancellationToken,
        ImportProgress? progress = null
    )
    {
        var startedAt = time.GetUtcNow();
        var importId = Guid.CreateVersion7();
        var definition = ImportDefinition.For(kind);
        var format = ImportFileFormats.Detect(upload.Content);

        await session.ExecuteAsync($"SELECT pg_advisory_xact_lock({ImportLock})", cancellationToken);
        // Everything after the lock may span the whole file (ANALYZE, the error report too).
        session.StatementTimeout = options.Value.StatementTimeout;
        var earlier = await ImportedBeforeAsync(kind, upload.Sha256, cancellationToken);
        if (earlier is not null)
        {
            var duplicate = new ImportResult(
                importId,
                kind.Name(),
                format.Name(),
                upload.FileName,
                "duplicate",
                0,
                0,
                0,
                0,
                earlier,
                startedAt,
                time.GetUtcNow(),
                []
            );
            await RecordAsync(duplicate, upload.Sha256, importedBy, cancellationToken);
            await BeforeCommitAsync(progress, duplicate, cancellationToken);
            await session.CommitAsync(cancellationToken);
            LogImport(logger, importId, duplicate.Kind, duplicate.Status, 0, 0);
            return duplicate;
        }

        using var errors = new ImportErrorSink();
        var phases = System.Diagnostics.Stopwatch.StartNew();
        var (rowCount, stagedMs, columns) = await StageAsync(
            definition,
            upload,
            format,
            errors,
            progress,
            cancellationToken
        );
        var checkedMs = phases.ElapsedMilliseconds;
        progress?.RowsChecked(rowCount);

        (int Inserted, int Updated) merged = (0, 0);
        if (errors.Count == 0)
        {
            merged = await MergeAsync(definition, columns!, cancellationToken);
            progress?.RowsStored(merged.Inserted + merged.Updated);
        }
        else
        {
            // Staging, and anything else this transaction did, is thrown away.
            await session.RollbackAsync(cancellationToken);
        }

        var result = new ImportResult(
            importId,
            kind.Name(),
            format.Name(),
            upload.FileName,
            errors.Count == 0 ? "imported" : "rejected",
            rowCount,
            errors.Count,
            merged.Inserted,
            merged.Updated,
            null,
            startedAt,
            time.GetUtcNow(),
            errors.First
        );
        await RecordAsync(result, upload.Sha256, importedBy, cancellationToken);
        if (errors.Count > 0)
            await StoreErrorsAsync(importId, errors, cancellationToken);
        await BeforeCommitAsync(progress, result, cancellationToken);
        await session.CommitAsync(cancellationToken);
        LogImport(logger, importId, result.Kind, result.Status, rowCount, errors.Count);
        // Where an import's time goes (issue #8): parse and COPY, the SQL checks, merge and commit.
        LogPhases(logger, importId, stagedMs, checkedMs - stagedMs, phases.ElapsedMilliseconds - checkedMs);
        return result;
    }

    private async Task<(int Rows, long StagedMs, ImportColumns? Columns)> StageAsync(
        ImportDefinition definition,
        ImportUpload upload,
        ImportFileFormat format,
        ImportErrorSink errors,
        ImportProgress? progress,
        CancellationToken cancellationToken
    )
    {
        var rowCount = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stagedMs = 0L;
        ImportColumns? columns = null;
        try
        {
            using var file = ImportFileFormats.Open(upload.Content, format, options.Value.FileLimits());
            if (!definition.Layout.TryMap(file.Headers, errors, out columns))
                return (0, 0, columns);

            var connection = (await session.BeginAsync(cancellationToken)).Connection!;
            // The checks' window functions and the merge's joins sort or hash the whole file: give
            // them memory for it, for this transaction only.
            // JIT compiling the checks' plan cost more (a quarter second) than it saves on one pass.
            await session.ExecuteAsync("SET LOCAL work_mem = '64MB'", cancellationToken);
            await session.ExecuteAsync("SET LOCAL jit = off", cancellationToken);
            await session.ExecuteAsync(definition.CreateStagingSql, cancellationToken);
            await using (var copy = await connection.BeginBinaryImportAsync(definition.CopySql, cancellationToken))
            {
                copy.Timeout = options.Value.StatementTimeout;
                foreach (var row in file.Rows())
                {
                    // Rows with nothing in them (trailing lines, formatted but empty spreadsheet rows) are not data.
                    if (row.IsEmpty)
                        continue;
                    rowCount++;
                    definition.Stage(row, columns, copy, errors);
                    progress?.RowRead(rowCount);
                }
                await copy.CompleteAsync(cancellationToken);
            }
            // Autovacuum never analyzes a temporary table: without statistics the planner guesses
            // a tiny one and picks nested loops for the checks and the merge.
            await session.ExecuteAsync("ANALYZE import_staging", cancellationToken);
            stagedMs = clock.ElapsedMilliseconds;

            await using var check = await ImportCommandAsync(definition.CheckSql, cancellationToken);
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                errors.Add(
                    reader.GetInt32(0),
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3)
                );
        }
        catch (ImportFileException ex)
        {
            // The file as a whole (row 0), or the one place that makes it unreadable.
            errors.Add(ex.Row, ex.Column, ex.Row == 0 ? upload.FileName : null, ex.Message);
        }
        catch (Exception ex) when (format == ImportFileFormat.Xlsx && XlsxImportFile.IsBrokenFile(ex))
        {
            // A sheet damaged past its first rows fails while rows are read.
            errors.Add(0, "ファイル", upload.FileName, XlsxImportFile.Unreadable(ex).Message);
        }
        return (rowCount, stagedMs, columns);
    }

    private Task BeforeCommitAsync(
        ImportProgress? progress,
        ImportResult result,
        CancellationToken cancellationToken
    ) => progress?.BeforeCommitAsync?.Invoke(result, session, cancellationToken) ?? Task.CompletedTask;

    private async Task<(int, int)> MergeAsync(
        ImportDefinition definition,
        ImportColumns columns,
        CancellationToken cancellationToken
    )
    {
        var transaction = await session.BeginAsync(cancellationToken);
        if (!await ScalarAsync<bool>(definition.AnyStoredKeySql, cancellationToken))
        {
            await transaction.SaveAsync(InsertOnlySavepoint, cancellationToken);
            try
            {
                return await CountsAsync(definition.InsertOnlySql, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // A sign-in or an approved application stored one of the file's keys meanwhile.
                await transaction.RollbackAsync(InsertOnlySavepoint, cancellationToken);
            }
        }
        return await CountsAsync(definition.MergeSql(columns), cancellationToken);
    }

    private async Task<(int, int)> CountsAsync(string sql, CancellationToken cancellationToken)
    {
        await using var merge = await ImportCommandAsync(sql, cancellationToken);
        await using var reader = await merge.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var command = await ImportCommandAsync(sql, cancellationToken);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // The statements over the whole file: they may run for minutes at full scale (the session's
    // StatementTimeout, set after the import lock).
    private Task<NpgsqlCommand> ImportCommandAsync(string sql, CancellationToken cancellationToken) =>
        session.CommandAsync(sql, cancellationToken).AsTask();

    private async Task<Guid?> ImportedBeforeAsync(ImportKind kind, string sha256, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "SELECT id FROM member_import WHERE kind = $1 AND file_sha256 = $2 AND status = 'imported'",
            cancellationToken
        );
        command.Parameters.Add(new() { Value = kind.Name() });
        command.Parameters.Add(new() { Value = sha256 });
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private async Task RecordAsync(
        ImportResult result,
        string sha256,
        string importedBy,
        CancellationToken cancellationToken
    ) =>
        await session.ExecuteAsync(
            """
            INSERT INTO member_import (id, kind, file_format, file_name, file_sha256, status, row_count, error_count,
                inserted_count, updated_count, duplicate_of, imported_by, started_at, finished_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """,
            cancellationToken,
            result.ImportId,
            result.Kind,
            result.Format,
            result.FileName,
            sha256,
            result.Status,
            result.RowCount,
            result.ErrorCount,
            result.InsertedCount,
            result.UpdatedCount,
            result.DuplicateOf,
            importedBy,
            result.StartedAt,
            result.FinishedAt
        );

    private async Task StoreErrorsAsync(Guid importId, ImportErrorSink errors, CancellationToken cancellationToken)
    {
        var connection = (await session.BeginAsync(cancellationToken)).Connection!;
        await using var copy = await connection.BeginBinaryImportAsync(
            """
            COPY member_import_error (import_id, seq, row_number, column_name, value, reason)
            FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken
        );
        copy.Timeout = options.Value.StatementTimeout;
        var seq = 0;
        foreach (var error in errors.All())
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(importId, NpgsqlTypes.NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(++seq, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(error.Row, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(error.Column, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            if (error.Value is null)
                await copy.WriteNullAsync(cancellationToken);
            else
                await copy.WriteAsync(error.Value, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(error.Reason, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    // Counts and ids only: cell values are personal data (emails) and never reach the logs.
    [LoggerMessage(LogLevel.Information, "Import {ImportId} ({Kind}): {Status}, {RowCount} rows, {ErrorCount} errors")]
    private static partial void LogImport(
        ILogger logger,
        Guid importId,
        string kind,
        string status,
        int rowCount,
        int errorCount
    );

    [LoggerMessage(
        LogLevel.Information,
        "Import {ImportId} phases: parse and stage {StageMs} ms, checks {CheckMs} ms, merge and record {MergeMs} ms"
    )]
    private static partial void LogPhases(ILogger logger, Guid importId, long stageMs, long checkMs, long mergeMs);
}
