using System.Net;
using System.Net.Http.Json;
using Habatan.Benchmark.Data;
using Habatan.Contracts.Audiences;
using Npgsql;

namespace Habatan.Benchmark.SystemSide;

// One reminder through the gateway as ops run it: the operator creates it over the
// generated audience with the generator's exact count declared, waits for reconciliation
// (AwaitingApproval), test-sends to the seed list; a second person with the approver role
// approves the snapshot. The time runs from the approve request to the last delivery row's
// sent_at in notificationsdb (same machine, same clock), and every planned row must be settled.
internal static class ReminderRun
{
    public const string Prefix = "/api/notifications/ops/reminders";

    // Email only: one delivery row per recipient, so rows, messages and mails in the sink agree.
    private static readonly string[] Channels = ["email"];
    private static readonly string[] SeedList = ["seed@ops.bench.habatan.example"];
    private static readonly TimeSpan Reconciling = TimeSpan.FromMinutes(20);

    // No new mail for this long: the fan-out may be done, or waiting on retries; the rows say.
    private static readonly TimeSpan QuietSink = TimeSpan.FromSeconds(1);

    public static async Task<FanOutTiming> RunAsync(
        HttpClient ops,
        HttpClient approver,
        IMailArrivals sink,
        NpgsqlDataSource notifications,
        int declared,
        ProgressTask progress,
        CancellationToken cancellationToken
    )
    {
        // The marker makes the bench relay count and drop these mails instead of forwarding them.
        const string Title = "【はばタンPay+】" + "チャージ期限のご案内";
        const string Deadline = "{キャンペーン名}のチャージ期限は{期限}です。";
        const string Body = Deadline + "アプリからチャージをお願いいたします。";
        var subject = $"{Title} {BenchRelay.Marker} {Guid.NewGuid():N}"[..60];
        using var created = await ops.PostAsJsonAsync(
            Prefix,
            new
            {
                name = "ベンチマーク: チャージ期限のご案内",
                audience = AudienceNames.WonNotFullyCharged,
                campaignCode = Campaigns.Ippan,
                subject,
                body = Body,
                channels = Channels,
                declaredCount = declared,
                sendFrom = DateTimeOffset.UtcNow.AddMinutes(-1),
                sendUntil = DateTimeOffset.UtcNow.AddDays(1),
                messagesPerSecond = FanOutSettings.ReminderMessagesPerSecond,
                seedList = SeedList,
                campaignTitle = "はばタンPay+ 一般枠",
                deadline = "2027-01-31",
            },
            cancellationToken
        );
        await ExpectAsync(created, HttpStatusCode.Created, "create", cancellationToken);
        var id = (await created.Content.ReadFromJsonAsync<ReminderCreated>(JsonOptions.Web, cancellationToken))!.Id;

        var reconciled = await UntilAsync(
            ops,
            id,
            c => c.State is "AwaitingApproval" or "ReconciliationFailed" or "AudienceUnavailable",
            Reconciling,
            cancellationToken
        );
        if (reconciled.State != "AwaitingApproval")
            throw new InvalidOperationException(
                $"reminder stopped in {reconciled.State}: {reconciled.Problem} "
                    + $"(declared {reconciled.Declared}, resolved {reconciled.Resolved}, bound {reconciled.Bound})"
            );

        using (var testSend = await ops.PostAsync($"{Prefix}/{id}/test-send", null, cancellationToken))
            await ExpectAsync(testSend, HttpStatusCode.OK, "test-send", cancellationToken);
        // The sink then counts only the reminder's mails, to be checked after the last delivery.
        await sink.ResetAsync();

        var approvedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using (
            var approved = await approver.PostAsJsonAsync(
                $"{Prefix}/{id}/approve",
                new { reconciled.SnapshotId, reconciled.Digest },
                cancellationToken
            )
        )
            await ExpectAsync(approved, HttpStatusCode.Accepted, "approve", cancellationToken);

        var sending = await UntilAsync(ops, id, c => c.Approved is not null, Reconciling, cancellationToken);
        var approvedCount = sending.Approved!.Value;
        var patience = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(approvedCount / 20.0);
        // While mails arrive the watch reads only the sink's count; the delivery rows are read
        // when it stops moving or is complete. Reading every row's status four times a second
        // (120 ms of PostgreSQL for 220,000 rows) took a share of the two cores that grew with the
        // audience. The times come from the rows' sent_at, so when the watch looks changes none.
        var inSinkBefore = -1L;
        var unchanged = Stopwatch.StartNew();
        Deliveries rows;
        while (true)
        {
            var inSink = await sink.CountAsync();
            progress.Value = approvedCount == 0 ? 1 : Math.Min(1, (double)inSink / approvedCount);
            if (inSink != inSinkBefore)
            {
                inSinkBefore = inSink;
                unchanged.Restart();
            }
            if (inSink >= approvedCount || unchanged.Elapsed >= QuietSink || clock.Elapsed > patience)
            {
                rows = await Deliveries.ReadAsync(notifications, id, cancellationToken);
                if (rows.Total == approvedCount && rows.Open == 0)
                    break;
                if (clock.Elapsed > patience)
                    throw new TimeoutException(
                        $"after {clock.Elapsed.TotalSeconds:N0} s {rows.Settled:N0} of {approvedCount:N0}"
                            + $" approved deliveries were settled ({rows.Total:N0} rows planned)"
                    );
                unchanged.Restart();
            }
            await Task.Delay(250, cancellationToken);
        }
        progress.Value = 1;
        if (rows.LastSentAt is not { } last || rows.FirstSentAt is not { } first)
            throw new InvalidOperationException(
                $"no delivery of the {approvedCount:N0} approved was sent ({rows.Failed:N0} failed or unknown)"
            );
        var arrived = await Eventually.GetAsync(sink.CountAsync, n => n >= rows.Sent, TimeSpan.FromMinutes(2));
        await sink.ResetAsync();
        return new FanOutTiming(approvedCount, rows.Sent, rows.Failed, arrived, first - approvedAt, last - approvedAt);
    }

    private static async Task<ReminderReply> UntilAsync(
        HttpClient ops,
        Guid id,
        Func<ReminderReply, bool> done,
        TimeSpan patience,
        CancellationToken cancellationToken
    )
    {
        var reminder = await Eventually.GetAsync(
            async () =>
                (await ops.GetFromJsonAsync<ReminderReply>($"{Prefix}/{id}", JsonOptions.Web, cancellationToken))!,
            done,
            patience
        );
        return done(reminder)
            ? reminder
            : throw new TimeoutException(
                $"reminder still {reminder.State} after {patience.TotalMinutes:N0} min ({reminder.Problem})"
            );
    }

    private static async Task ExpectAsync(
        HttpResponseMessage response,
        HttpStatusCode expected,
        string step,
        CancellationToken cancellationToken
    )
    {
        if (response.StatusCode == expected)
            return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new InvalidOperationException(
            $"reminder {step} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 600)]}"
        );
    }

    private sealed record ReminderCreated(Guid Id);

    private sealed record ReminderReply(
        Guid Id,
        string State,
        int? Declared,
        int? Resolved,
        int? Bound,
        string? Problem,
        Guid? SnapshotId,
        string? Digest,
        int? Approved
    );

    // The reminder's delivery rows as the sender leaves them: Pending and Claimed are still open.
    private sealed record Deliveries(
        long Total,
        long Sent,
        long Failed,
        long Open,
        DateTimeOffset? FirstSentAt,
        DateTimeOffset? LastSentAt
    )
    {
        public long Settled => Total - Open;

        public static async Task<Deliveries> ReadAsync(
            NpgsqlDataSource notifications,
            Guid reminderId,
            CancellationToken cancellationToken
        )
        {
            await using var command = notifications.CreateCommand(
                """
                SELECT count(*),
                       count(*) FILTER (WHERE status = 'Sent'),
                       count(*) FILTER (WHERE status IN ('Failed', 'Unknown')),
                       count(*) FILTER (WHERE status IN ('Pending', 'Claimed')),
                       min(sent_at), max(sent_at)
                FROM reminder_delivery WHERE reminder_id = $1
                """
            );
            command.Parameters.Add(new() { Value = reminderId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new Deliveries(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)
            );
        }
    }
}

// Approved = rows the snapshot planned; Sent/Failed as the sender recorded them; Arrived = mails
// the sink holds afterwards. Times are from the approve request.
internal sealed record FanOutTiming(
    int Approved,
    long Sent,
    long Failed,
    long Arrived,
    TimeSpan ToFirstDelivery,
    TimeSpan ToLastDelivery
)
{
    public double PerSecond => Sent / ToLastDelivery.TotalSeconds;
}
