using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Habatan.Infrastructure.Outbox;

// Holds one connection that LISTENs for the NOTIFY every outbox write sends at commit, on any
// replica, and wakes this instance's delivery loop. Runs on every replica: whichever one holds
// the outbox lock next delivers. When the connection drops it is opened again with growing
// delays; meanwhile the loop's poll still finds the rows, only later.
internal sealed partial class OutboxListener(
    NpgsqlDataSource dataSource,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxListener> logger
) : BackgroundService
{
    public const string Channel = "outbox_message";

    // A quiet connection is checked this often, so a half-open one is noticed and replaced.
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);

    private volatile bool _listening;

    public bool IsListening => _listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var delay = settings.ListenRetryFirst;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => delay = settings.ListenRetryFirst, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogListenFailed(logger, delay, ex);
            }
            finally
            {
                _listening = false;
            }

            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.ListenRetryMax.Ticks));
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, _) => signal.Notify();
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        _listening = true;
        connected();
        // Rows written while nobody listened announced themselves to no one: look once now.
        signal.Notify();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await connection.WaitAsync(KeepAliveInterval, stoppingToken))
                continue;
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(stoppingToken);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Outbox LISTEN connection failed; opening it again in {Delay}")]
    private static partial void LogListenFailed(ILogger logger, TimeSpan delay, Exception exception);
}
