using Habatan.Benchmark.Baselines;
using Habatan.Benchmark.Data;
using Habatan.Benchmark.SystemSide;

namespace Habatan.Benchmark.Scenarios;

// 5. Fan-out of 220,000 recipients from approval to the last delivery row, vs a raw
// RabbitMQ.Client publish/consume with confirms and a raw MailKit send loop to the same SMTP
// server: the benchmark's relay the services send to (a relay that accepts and
// drops, as a production relay accepts and queues). The same loop against smtp4dev, over at
// most DevSinkMails mails, says what the development sink allows.
internal sealed class FanOutScenario : IScenario
{
    public const string System = "Notifications reminder";
    public const string RawBroker = "raw RabbitMQ publish/consume";
    public const string RawSmtp = "raw MailKit send loop → bench relay";
    public const string RawDevSmtp = "raw MailKit send loop → smtp4dev";

    // smtp4dev takes 105–215 mails/s: enough for its rate, without 20 minutes of waiting.
    private const int DevSinkMails = 3000;
    public const string Ratio = "fan-out ÷ raw publish";
    public const string SmtpRatio = "fan-out ÷ raw MailKit";

    public string Name => "fanout";

    public string Title => "Fan-out: approval to last delivery";

    public IReadOnlyList<Target> Targets { get; } =
    [
        Target.AtLeastOf("fanout", ">= 0.3 of the raw publish rate", Ratio, "messages/s ratio", 0.3),
        Target.AtMostOf("fanout", "220,000 delivered in under 15 minutes", System, "minutes for 220,000", 15),
        Target.AtMostOf("fanout", "sent = approved", System, "|sent − approved|", 0),
        Target.AtMostOf("fanout", "every sent mail arrived in the sink", System, "|arrived − sent|", 0),
    ];

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(
        BenchContext context,
        CancellationToken cancellationToken
    )
    {
        var count = context.Options.Sized(Campaigns.IppanNotFullyCharged);
        var broker = context.Task($"fan-out: raw RabbitMQ publish with confirms + consume, {count:N0} messages");
        var rabbit = await RawRabbitPublishConsume.RunAsync(context.System.Messaging, count, broker, cancellationToken);
        broker.StopTask();
        var smtp = context.Task(
            $"fan-out: raw MailKit send loop, {count:N0} mails over {RawMailKitSendLoop.Connections} connections"
                + " to the bench relay"
        );
        var mail = await RawMailKitSendLoop.RunAsync(
            context.System.Mail,
            new RelayArrivals(context.System.Relay),
            count,
            smtp,
            cancellationToken
        );
        smtp.StopTask();
        var devCount = Math.Min(count, DevSinkMails);
        var devSmtp = context.Task(
            $"fan-out: raw MailKit send loop, {devCount:N0} mails over {RawMailKitSendLoop.Connections} connections"
                + " to smtp4dev"
        );
        var devMail = await RawMailKitSendLoop.RunAsync(
            context.System.DevMail,
            new DevSinkArrivals(context.System.MailSink()),
            devCount,
            devSmtp,
            cancellationToken
        );
        devSmtp.StopTask();
        List<Measurement> figures =
        [
            new(RawBroker, "publish confirmed/s", "/s", rabbit.PublishPerSecond),
            new(RawBroker, "consumed/s", "/s", rabbit.ConsumedPerSecond),
            new(RawBroker, "publish p95", "ms", rabbit.Publish.Latencies.Percentile(95)),
            new(RawSmtp, "messages/s", "/s", mail.PerSecond),
            new(RawSmtp, "p95", "ms", mail.Latencies.Percentile(95)),
            new(RawSmtp, "minutes for 220,000", "min", Campaigns.IppanNotFullyCharged / mail.PerSecond / 60),
            new(RawDevSmtp, "messages/s", "/s", devMail.PerSecond),
            new(RawDevSmtp, "minutes for 220,000", "min", Campaigns.IppanNotFullyCharged / devMail.PerSecond / 60),
        ];

        using var ops = await context.OpsClientAsync();
        if (await SystemProbe.MissingAsync(ops, ReminderRun.Prefix, NotLanded.FanOut, cancellationToken) is { } missing)
        {
            figures.Add(Measurement.Missing(System, "messages/s", "/s", missing));
            figures.Add(Measurement.Missing(Ratio, "messages/s ratio", "×", missing));
            return figures;
        }

        using var approver = await context.ApproverClientAsync();
        await context.EnsureMembersImportedAsync(ops, "fan-out", cancellationToken);
        var data = await context.MemberDataAsync(cancellationToken);
        var reminder = context.Task(
            $"fan-out: reminder over {data.IppanAudience:N0} recipients, approval to last delivery row"
        );
        await using var notifications = await context.System.DatabaseAsync("notificationsdb");
        var exportsBefore = context.System.Collector.Exports;
        var fanOut = await ReminderRun.RunAsync(
            ops,
            approver,
            new RelayArrivals(context.System.Relay),
            notifications,
            data.IppanAudience,
            reminder,
            cancellationToken
        );
        reminder.StopTask();
        figures.AddRange([
            new(System, "messages/s", "/s", fanOut.PerSecond),
            new(System, "approval to last delivery", "s", fanOut.ToLastDelivery.TotalSeconds),
            new(System, "approval to first delivery", "s", fanOut.ToFirstDelivery.TotalSeconds),
            new(System, "minutes for 220,000", "min", Campaigns.IppanNotFullyCharged / fanOut.PerSecond / 60),
            new(System, "approved", "rows", fanOut.Approved),
            new(System, "failed or unknown", "rows", fanOut.Failed),
            new(System, "|sent − approved|", "rows", Math.Abs(fanOut.Sent - fanOut.Approved)),
            new(System, "|arrived − sent|", "mails", Math.Abs(fanOut.Arrived - fanOut.Sent)),
            new(System, $"settings: {FanOutSettings.Description}", "", 1),
            // Telemetry went out as in a deployment: accepted by the benchmark's collector.
            new(
                System,
                "OTLP exports accepted meanwhile",
                "requests",
                context.System.Collector.Exports - exportsBefore
            ),
            new(Ratio, "messages/s ratio", "×", fanOut.PerSecond / rabbit.PublishPerSecond),
            new(SmtpRatio, "messages/s ratio", "×", fanOut.PerSecond / mail.PerSecond),
        ]);
        return figures;
    }
}
