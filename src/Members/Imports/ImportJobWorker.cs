using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Habatan.Members.Imports;

// Runs queued import jobs. It runs on every Members replica, so a job runs even when the replica
// that took the upload has stopped, and any replica's sweep finds a job whose worker died.
// Only one worker at a time runs a kind of file: each replica has one loop per kind, and a loop
// claims a job only while it holds that kind's PostgreSQL advisory lock (on a connection of its
// own, held for the whole job), so two imports of the same kind never merge at once; a second
// upload waits Queued until the first ends (inside, MemberImporter's own lock still has imports of
// different kinds take turns, as they did as requests). If the process dies, PostgreSQL drops its
// connection, releasing the lock and rolling back the import's one transaction: nothing of the
// file is stored, and the sweep turns the job, whose lease is no longer renewed, into Failed.
// A job is never run again by itself: ops read the reason and upload again.
public sealed partial class ImportJobWorker(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    ImportJobSignal signal,
    IOptions<ImportOptions> options,
    TimeProvider time,
    ILogger<ImportJobWorker> logger
) : BackgroundService
{
    public const string LeaseExpired =
        "取り込みを実行していたMembersのレプリカが応答しなくなりました（リース"
            + "切れ）。データは変更していません。もう一度アップロードしてください"
            + "。";

    private static readonly string WorkerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll([
            SweepLoopAsync(stoppingToken),
            .. Enum.GetValues<ImportKind>().Select(k => KindLoopAsync(k, stoppingToken)),
        ]);

    private async Task KindLoopAsync(ImportKind kind, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = false;
            try
            {
                ran = await RunNextAsync(kind, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogLoopFailed(logger, kind.Name(), ex);
            }
            if (ran)
                continue;
            try
            {
                await signal.WaitAsync(kind, options.Value.JobPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SweepLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogLoopFailed(logger, "sweep", ex);
            }
            try
            {
                await Task.Delay(options.Value.JobPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // A Running job whose lease passed has no worker any more (a renewing worker keeps it in the
    // future). Its import never committed: the job's end commits in the import's transaction.
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE member_import_job
            SET state = 'Failed', reason = $1, finished_at = now(), lease_until = NULL, file = NULL
            WHERE state = 'Running'
                AND lease_until < now()
            RETURNING id, kind, worker
            """
        );
        command.Parameters.Add(new() { Value = LeaseExpired });
        var swept = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            swept++;
            LogLeaseExpired(
                logger,
                reader.GetGuid(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2)
            );
        }
        return swept;
    }

    private async Task<bool> RunNextAsync(ImportKind kind, CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        if (await LockAsync(connection, "pg_try_advisory_lock", kind, stoppingToken) is not true)
            return false; // another replica runs this kind now
        try
        {
            if (await ClaimAsync(connection, kind, stoppingToken) is not { } job)
                return false;
            await RunAsync(connection, kind, job, stoppingToken);
            return true;
        }
        finally
        {
            // Released here, not by closing: a pooled connection stays open, and so would its lock.
            if (connection.State == System.Data.ConnectionState.Open)
                await LockAsync(connection, "pg_advisory_unlock", kind, CancellationToken.None);
        }
    }

    private async Task<ClaimedJob?> ClaimAsync(
        NpgsqlConnection connection,
        ImportKind kind,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE member_import_job
            SET state = 'Running', started_at = now(), lease_until = now() + $2, worker = $3
            WHERE id = (
                SELECT id FROM member_import_job
                WHERE kind = $1 AND state = 'Queued'
                ORDER BY queued_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING id, file_name, requested_by
            """,
            connection
        );
        command.Parameters.Add(new() { Value = kind.Name() });
        command.Parameters.Add(new() { Value = options.Value.JobLease });
        command.Parameters.Add(new() { Value = WorkerName });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new ClaimedJob(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2));
    }

    private async Task RunAsync(
        NpgsqlConnection connection,
        ImportKind kind,
        ClaimedJob job,
        CancellationToken stoppingToken
    )
    {
        using var importing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var progress = new ImportProgress
        {
            BeforeCommitAsync = (result, session, cancellationToken) =>
                FinishAsync(session, job.Id, result, cancellationToken),
        };
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(connection, job.Id, progress, importing, heartbeatStop.Token);
        Exception? failure = null;
        try
        {
            await using var upload = await ReadFileAsync(job, importing.Token);
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope
                .ServiceProvider.GetRequiredService<MemberImporter>()
                .ImportAsync(kind, upload, job.RequestedBy, importing.Token, progress);
            LogFinished(logger, job.Id, kind.Name(), ImportJobStates.Of(result), result.ImportId);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        await heartbeatStop.CancelAsync();
        await heartbeat;
        if (failure is null)
            return;
        // Whatever the import did is rolled back (its scope's transaction was never committed).
        var reason = Reason(failure, stoppingToken);
        if (await FailAsync(connection, job.Id, reason, CancellationToken.None))
            LogFailed(logger, job.Id, kind.Name(), failure);
        else
            LogLost(logger, job.Id, kind.Name());
    }

    private async Task<ImportUpload> ReadFileAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT file FROM member_import_job WHERE id = $1");
        command.CommandTimeout = (int)options.Value.StatementTimeout.TotalSeconds;
        command.Parameters.Add(new() { Value = job.Id });
        await using var reader = await command.ExecuteReaderAsync(
            System.Data.CommandBehavior.SequentialAccess,
            cancellationToken
        );
        await reader.ReadAsync(cancellationToken);
        await using var file = await reader.GetStreamAsync(0, cancellationToken);
        return await ImportUpload.FromStreamAsync(file, job.FileName, cancellationToken);
    }

    // Renews the lease and publishes the progress until the import ends. A job that is no longer
    // Running here was swept (this worker missed its lease): the import stops, and its end would
    // find the job gone anyway and roll back.
    private async Task HeartbeatAsync(
        NpgsqlConnection connection,
        Guid jobId,
        ImportProgress progress,
        CancellationTokenSource importing,
        CancellationToken stop
    )
    {
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.JobHeartbeat, time, stop);
                await using var command = new NpgsqlCommand(
                    """
                    UPDATE member_import_job
                    SET lease_until = now() + $2, rows_read = $3, rows_checked = $4, rows_stored = $5
                    WHERE id = $1 AND state = 'Running'
                    """,
                    connection
                );
                command.Parameters.Add(new() { Value = jobId });
                command.Parameters.Add(new() { Value = options.Value.JobLease });
                command.Parameters.Add(new() { Value = progress.Read });
                command.Parameters.Add(new() { Value = progress.Checked });
                command.Parameters.Add(new() { Value = progress.Stored });
                if (await command.ExecuteNonQueryAsync(stop) == 0)
                {
                    await importing.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next beat tries again; a lease lost meanwhile fails the job, never half-applies it.
                LogHeartbeatFailed(logger, jobId, ex);
            }
        }
    }

    // In the import's transaction, just before it commits.
    private static async Task FinishAsync(
        DbSession session,
        Guid jobId,
        ImportResult result,
        CancellationToken cancellationToken
    )
    {
        var stored = result.InsertedCount + result.UpdatedCount;
        var finished = await session.ExecuteAsync(
            """
            UPDATE member_import_job
            SET state = $2, import_id = $3, result = $4::jsonb, finished_at = now(), lease_until = NULL, file = NULL,
                rows_read = $5, rows_checked = $5, rows_stored = $6
            WHERE id = $1 AND state = 'Running'
            """,
            cancellationToken,
            jobId,
            ImportJobStates.Of(result),
            result.ImportId,
            JsonSerializer.Serialize(result, JsonSerializerOptions.Web),
            result.RowCount,
            stored
        );
        if (finished == 0)
            throw new ImportJobLostException(jobId);
    }

    private static async Task<bool> FailAsync(
        NpgsqlConnection connection,
        Guid jobId,
        string reason,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE member_import_job
            SET state = 'Failed', reason = $2, finished_at = now(), lease_until = NULL, file = NULL
            WHERE id = $1 AND state = 'Running'
            """,
            connection
        );
        command.Parameters.Add(new() { Value = jobId });
        command.Parameters.Add(new() { Value = reason });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    // For ops: what happened and what to do. The exception's message stays in the log only (a
    // database error may quote a value from the file).
    private static string Reason(Exception failure, CancellationToken stoppingToken) =>
        stoppingToken.IsCancellationRequested
            ? "Membersの停止により取り込みを中断しました。データは変更していませ"
                + "ん。もう一度アップロードしてください。"
        : failure is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }
            ? "取り込みが時間の上限（Members:Imports:StatementTimeout）を超えたため中断し"
                + "ました。データは変更していません。"
        : $"取り込み中に予期しないエラー（{failure.GetType().Name}）が起きたため中断し"
            + $"ました。データは変更していません。もう一度アップロードし、繰り返す"
            + $"ときは運用担当に連絡してください。";

    private static async Task<object?> LockAsync(
        NpgsqlConnection connection,
        string function,
        ImportKind kind,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(hashtextextended($1, 0))", connection);
        command.Parameters.Add(new() { Value = LockName(kind) });
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public static string LockName(ImportKind kind) => $"import-job:{kind.Name()}";

    private sealed record ClaimedJob(Guid Id, string? FileName, string RequestedBy);

    [LoggerMessage(LogLevel.Information, "Import job {JobId} ({Kind}) finished: {State}, import {ImportId}")]
    private static partial void LogFinished(ILogger logger, Guid jobId, string kind, string state, Guid importId);

    [LoggerMessage(LogLevel.Error, "Import job {JobId} ({Kind}) failed; nothing of its file was stored")]
    private static partial void LogFailed(ILogger logger, Guid jobId, string kind, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Import job {JobId} ({Kind}) lost its lease and was rolled back")]
    private static partial void LogLost(ILogger logger, Guid jobId, string kind);

    [LoggerMessage(LogLevel.Warning, "Import job {JobId} ({Kind}) of worker {Worker} passed its lease: marked Failed")]
    private static partial void LogLeaseExpired(ILogger logger, Guid jobId, string kind, string worker);

    [LoggerMessage(LogLevel.Warning, "Import job {JobId}: heartbeat failed; trying again")]
    private static partial void LogHeartbeatFailed(ILogger logger, Guid jobId, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Import jobs ({Loop}): a round failed; trying again")]
    private static partial void LogLoopFailed(ILogger logger, string loop, Exception exception);
}

// The job was swept (its lease passed) before its import could commit: the import rolls back.
public sealed class ImportJobLostException(Guid jobId)
    : Exception($"Import job {jobId} is no longer Running; its import is rolled back.");
