using System.Text.Json;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Habatan.Members.Imports;

// The API's side of import jobs: an upload becomes a queued job holding its file, and a job's
// status is read back. The worker's side is ImportJobWorker.
public sealed class ImportJobs(DbSession session, IOptions<ImportOptions> options)
{
    public static string StatusUrl(Guid jobId) => $"/api/members/ops/imports/jobs/{jobId}";

    // The file goes into the database before the upload is answered: the job runs on whichever
    // replica claims it, maybe after this one has stopped.
    public async Task<ImportJobStatus> EnqueueAsync(
        ImportKind kind,
        ImportUpload upload,
        string requestedBy,
        CancellationToken cancellationToken
    )
    {
        var id = Guid.CreateVersion7();
        session.StatementTimeout = options.Value.StatementTimeout; // 200 MB of bytes in one statement
        await using var command = await session.CommandAsync(
            """
            INSERT INTO member_import_job (id, kind, state, file_name, file_size, file, requested_by)
            VALUES ($1, $2, 'Queued', $3, $4, $5, $6)
            RETURNING queued_at
            """,
            cancellationToken
        );
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = kind.Name() });
        command.Parameters.Add(
            new() { Value = (object?)upload.FileName ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }
        );
        command.Parameters.Add(new() { Value = upload.Content.Length });
        // Streamed from the temporary file, never whole in memory.
        upload.Content.Position = 0;
        command.Parameters.Add(new() { Value = upload.Content, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new() { Value = requestedBy });
        var queuedAt = new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync(cancellationToken))!);
        await session.CommitAsync(cancellationToken);
        return new ImportJobStatus(
            id,
            kind.Name(),
            upload.FileName,
            ImportJobStates.Queued,
            StatusUrl(id),
            new ImportJobProgress(0, 0, 0),
            queuedAt,
            null,
            null,
            null,
            null,
            null,
            null
        );
    }

    public Task<ImportJobStatus?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        session.QuerySingleAsync(
            """
            SELECT id, kind, file_name, state, rows_read, rows_checked, rows_stored, queued_at, started_at,
                finished_at, reason, result, import_id
            FROM member_import_job
            WHERE id = $1
            """,
            Read,
            cancellationToken,
            id
        );

    private static ImportJobStatus Read(Npgsql.NpgsqlDataReader reader)
    {
        var id = reader.GetGuid(0);
        var state = reader.GetString(3);
        var result = reader.IsDBNull(11)
            ? null
            : JsonSerializer.Deserialize<ImportResult>(reader.GetString(11), JsonSerializerOptions.Web);
        return new ImportJobStatus(
            id,
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            state,
            StatusUrl(id),
            new ImportJobProgress(reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6)),
            reader.GetFieldValue<DateTimeOffset>(7),
            reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
            reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
            reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.IsDBNull(12) ? null : reader.GetGuid(12),
            state == ImportJobStates.Succeeded ? result : null,
            state == ImportJobStates.Refused && result is not null
                ? ImportProblems.RejectedDetails(result, $"/api/members/ops/imports/{result.ImportId}/errors.csv")
                : null
        );
    }
}
