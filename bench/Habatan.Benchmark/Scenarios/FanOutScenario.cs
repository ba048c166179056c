using Habatan.Benchmark.Baselines;
using Habatan.Benchmark.Data;

namespace Habatan.Benchmark.Scenarios;

// 5. Fan-out of 220,000 recipients from approval to the last delivery row, vs a raw
// RabbitMQ.Client publish/consume with confirms and a raw MailKit send loop to the same sink.
internal sealed class FanOutScenario : IScenario
{
    public const string System = "Notifications campaign";
    public const string RawBroker = "raw RabbitMQ publish/consume";
    public const string RawSmtp = "raw MailKit send loop";
    public const string Ratio = "fan-out ÷ raw publish";

    public string Name => "fanout";

    public string Title => "Fan-out: approval to last delivery";

    public IReadOnlyList<Target> Targets { get; } =
    [
        Target.AtLeastOf("fanout", ">= 0.3 of the raw publish rate", Ratio, "messages/s ratio", 0.3),
        Target.AtMostOf("fanout", "220,000 delivered in under 15 minutes", System, "minutes for 220,000", 15),
    ];

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var count = context.Options.Sized(Campaigns.IppanNotFullyCharged);
        var broker = context.Task($"fan-out: raw RabbitMQ publish with confirms + consume, {count:N0} messages");
        var rabbit = await RawRabbitPublishConsume.RunAsync(context.System.Messaging, count, broker, cancellationToken);
        broker.StopTask();
        var smtp = context.Task($"fan-out: raw MailKit send loop, {count:N0} mails over {RawMailKitSendLoop.Connections} connections");
        var mail = await RawMailKitSendLoop.RunAsync(context.System.Mail, context.System.MailSink(), count, smtp, cancellationToken);
        smtp.StopTask();
        return
        [
            new(RawBroker, "publish confirmed/s", "/s", rabbit.PublishPerSecond),
            new(RawBroker, "consumed/s", "/s", rabbit.ConsumedPerSecond),
            new(RawBroker, "publish p95", "ms", rabbit.Publish.Latencies.Percentile(95)),
            new(RawSmtp, "messages/s", "/s", mail.PerSecond),
            new(RawSmtp, "p95", "ms", mail.Latencies.Percentile(95)),
            new(RawSmtp, "minutes for 220,000", "min", Campaigns.IppanNotFullyCharged / mail.PerSecond / 60),
            Measurement.Missing(System, "messages/s", "/s", NotLanded.FanOut),
            Measurement.Missing(System, "minutes for 220,000", "min", NotLanded.FanOut),
            Measurement.Missing(Ratio, "messages/s ratio", "×", NotLanded.FanOut),
        ];
    }
}
