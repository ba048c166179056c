namespace Habatan.Benchmark.SystemSide;

// The Notifications settings the fan-out figure was measured with, passed to the AppHost
// explicitly (they are the service's defaults) so the table and README can name them. The
// campaign's own throttle is set to the API's maximum so that it is not what limits the rate:
// the figure is then the sender's batches over the pooled SMTP connections, as the raw MailKit
// loop measures the sink over the same number of connections.
internal static class FanOutSettings
{
    public const int BatchSize = 200;
    public const int IdlePollMilliseconds = 500;
    public const int MaxConcurrentSends = 4;
    public const int CampaignMessagesPerSecond = 10_000;

    public static IEnumerable<string> AppHostArguments =>
    [
        $"--Services:notifications:FanOut:BatchSize={BatchSize}",
        $"--Services:notifications:FanOut:IdlePoll=00:00:00.{IdlePollMilliseconds:D3}",
        $"--Services:notifications:Email:MaxConcurrentSends={MaxConcurrentSends}",
    ];

    public static string Description =>
        $"FanOut:BatchSize={BatchSize}, FanOut:IdlePoll={IdlePollMilliseconds} ms, Email:MaxConcurrentSends={MaxConcurrentSends}, campaign messagesPerSecond={CampaignMessagesPerSecond:N0}";
}
