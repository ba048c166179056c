namespace Habatan.Benchmark.SystemSide;

// The Notifications settings the fan-out figure was measured with, passed to the AppHost
// explicitly so the table and README can name them. Against a relay that accepts at once,
// the defaults (200 a batch, 4 connections) leave the sender waiting on each batch's slowest
// mail; 1,000 a batch over 8 connections keeps the connections busy (a halt still takes effect
// at the next batch, well under a second at these rates). The raw MailKit loop uses the same
// number of connections. The reminder's own throttle is set to the API's maximum so that it is
// not what limits the rate: the figure is then the sender's batches over the pooled SMTP
// connections.
internal static class FanOutSettings
{
    public const int BatchSize = 1000;
    public const int IdlePollMilliseconds = 500;
    public const int MaxConcurrentSends = 8;
    public const int ReminderMessagesPerSecond = 10_000;

    public static IEnumerable<string> AppHostArguments =>
        [
            $"--Services:notifications:FanOut:BatchSize={BatchSize}",
            $"--Services:notifications:FanOut:IdlePoll=00:00:00.{IdlePollMilliseconds:D3}",
            $"--Services:notifications:Email:MaxConcurrentSends={MaxConcurrentSends}",
        ];

    public static string Description =>
        $"FanOut:BatchSize={BatchSize}, FanOut:IdlePoll={IdlePollMilliseconds} ms, "
        + $"Email:MaxConcurrentSends={MaxConcurrentSends}, reminder messagesPerSecond={ReminderMessagesPerSecond:N0}";
}
