using Habatan.Infrastructure.Identity;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Habatan.Members.Sessions;

// Keeps the revocation cache a copy of member_session. Redis keeps nothing on disk, so after a
// restart it holds no revocations and no "synced" mark, and every validator refuses signed-in
// requests (503) rather than accept a signed-out token; this loop writes every unexpired
// revocation again, then sets the mark. After a time without Redis it writes everything again
// too (a write may have failed meanwhile); otherwise only the recent ones.
// Runs on every Members replica: the writes are the same from any of them, so two at once
// only repeat each other.
public sealed partial class RevocationSync(
    NpgsqlDataSource dataSource,
    IOptions<RevocationSyncOptions> options,
    TimeProvider time,
    ILogger<RevocationSync> logger,
    RevocationCache? cache = null
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (cache is null)
            return; // no shared state: revocations travel by message only
        var everything = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!cache.IsConnected)
                    everything = true;
                else
                {
                    if (everything || !await cache.IsSyncedAsync())
                        await WriteAllAsync(stoppingToken);
                    else
                        await cache.WriteAsync(await RevokedAsync(options.Value.RecentWindow, stoppingToken));
                    everything = false;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                everything = true;
                LogNotSynced(logger, ex);
            }
            try
            {
                await Task.Delay(options.Value.SyncInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WriteAllAsync(CancellationToken cancellationToken)
    {
        var revoked = await RevokedAsync(since: null, cancellationToken);
        await cache!.WriteAsync(revoked);
        await cache.MarkSyncedAsync();
        LogSynced(logger, revoked.Count);
    }

    private async Task<List<RevokedSession>> RevokedAsync(TimeSpan? since, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, expires_at
            FROM member_session
            WHERE revoked_at IS NOT NULL
              AND ($1::interval IS NULL OR revoked_at >= now() - $1::interval)
              AND expires_at > now()
            """
        );
        command.Parameters.Add(
            new()
            {
                Value = since is { } window ? window : DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Interval,
            }
        );
        var revoked = new List<RevokedSession>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            revoked.Add(new RevokedSession(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return revoked;
    }

    [LoggerMessage(LogLevel.Information, "Revocation cache synced: {Count} revoked sessions")]
    private static partial void LogSynced(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Revocation cache not synced; trying again")]
    private static partial void LogNotSynced(ILogger logger, Exception ex);
}
