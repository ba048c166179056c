namespace Habatan.Infrastructure.Outbox;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 100;

    // How long the loop sleeps when nothing signals new rows (a safety net, e.g. after a restart).
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    // After a failed send, wait this long before trying again; the broker may be restarting.
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    // A send that takes longer than this is treated as failed: the row stays for the next try.
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
