using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Habatan.Infrastructure.Inbox;

// Removes inbox rows past the duplicate-detection window, in small batches so the table is
// never locked for long.
internal sealed partial class InboxCleanupService(
    NpgsqlDataSource dataSource,
    IOptions<InboxOptions> options,
    ILogger<InboxCleanupService> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        do
        {
            try
            {
                await RemoveExpiredAsync(options.Value.DuplicateDetectionWindow, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogCleanupFailed(logger, ex);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task<int> RemoveExpiredAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var total = 0;
        int removed;
        do
        {
            await using var command = dataSource.CreateCommand(
                """
                DELETE FROM inbox_message WHERE ctid IN (
                    SELECT ctid FROM inbox_message WHERE received_at < now() - $1 LIMIT 10000)
                """
            );
            command.Parameters.Add(new() { Value = window });
            removed = await command.ExecuteNonQueryAsync(cancellationToken);
            total += removed;
        } while (removed > 0);
        return total;
    }

    [LoggerMessage(LogLevel.Warning, "Inbox cleanup failed; it runs again at the next interval")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception);
}
