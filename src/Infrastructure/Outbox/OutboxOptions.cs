namespace Habatan.Infrastructure.Outbox;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 100;

    // How long the loop sleeps when nothing signals new rows: a safety net behind the in-process
    // signal and the database's NOTIFY (e.g. while the LISTEN connection is being re-opened).
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    // After a failed send, wait this long before trying again; the broker may be restarting.
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    // A send that takes longer than this is treated as failed: the row stays for the next try.
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // Tries a message gets while the broker is up before it moves to outbox_dead_letter, so one
    // message that cannot be published never holds back the ones behind it. Tries while the
    // broker is down are not counted: those messages wait, as the outbox promises.
    public int MaxAttempts { get; set; } = 5;

    // The LISTEN connection's reconnect delays double from the first to the last.
    public TimeSpan ListenRetryFirst { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ListenRetryMax { get; set; } = TimeSpan.FromSeconds(30);
}
