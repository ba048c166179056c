using System.Collections.Concurrent;
using Habatan.Notifications.Email;
using Habatan.Notifications.Reminders;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.FanOut;

// Fans approved reminders out from their delivery rows. A database worker rather than a message
// per batch: the rows are the plan and the record at once, a claim is one UPDATE ... FOR UPDATE
// SKIP LOCKED (several instances share the work), a broker outage does not stop or repeat the
// fan-out, and a halt is a column read by every claim, so it takes effect within one batch.
// Each batch: take tokens from the reminder's bucket, claim that many rows (committed before
// anything is sent), send with bounded parallelism over the pooled SMTP connections, then record
// the outcomes in one statement. A claimed row is never claimed again: if the process dies before
// recording, the sweep marks it Unknown, and it is reported, never re-sent (at most once).
public sealed partial class ReminderSender(
    IServiceScopeFactory scopes,
    IEmailSender email,
    EligibilityAtSendTime eligibility,
    IOptions<FanOutOptions> options,
    IOptions<EmailOptions> emailOptions,
    TimeProvider time,
    ILogger<ReminderSender> logger
) : BackgroundService
{
    public const string EmailKind = "reminder";
    private readonly ConcurrentDictionary<Guid, TokenBucket> _buckets = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await InScopeAsync(
                    async (session, _) =>
                    {
                        var swept = await ReminderDeliveries.SweepStaleClaimsAsync(
                            session,
                            settings.ClaimTimeout,
                            stoppingToken
                        );
                        await session.CommitAsync(stoppingToken);
                        if (swept > 0)
                            LogSwept(logger, swept);
                        return swept;
                    }
                );
                var sent = 0;
                foreach (
                    var reminder in await InScopeAsync(
                        (session, _) => ReminderDeliveries.SendableAsync(session, stoppingToken)
                    )
                )
                    sent += await SendBatchAsync(reminder, settings.BatchSize, stoppingToken);
                await CompleteFinishedAsync(stoppingToken);
                if (sent == 0)
                    await Task.Delay(settings.IdlePoll, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever failed (the database, a bug in one pass), the sender must live on: a
                // background service that throws stops the whole host. Claims already made are
                // safe, the next pass picks up the rest.
                LogPassFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task<int> SendBatchAsync(SendableReminder reminder, int batchSize, CancellationToken stoppingToken)
    {
        var bucket = _buckets.AddOrUpdate(
            reminder.Id,
            _ => new TokenBucket(reminder.MessagesPerSecond, time),
            (_, existing) =>
                existing.Rate == reminder.MessagesPerSecond
                    ? existing
                    : new TokenBucket(reminder.MessagesPerSecond, time)
        );
        var wanted = await bucket.TakeAsync(batchSize, stoppingToken);
        // One trace per batch, with the SMTP sends inside it: ops see a fan-out as batches in the dashboard.
        using var activity = EmailTelemetry.Source.StartActivity("reminder fan-out batch");
        activity?.SetTag("reminder.id", reminder.Id);
        var claimed = await InScopeAsync(
            async (session, _) =>
            {
                var rows = await ReminderDeliveries.ClaimAsync(session, reminder.Id, wanted, stoppingToken);
                await session.CommitAsync(stoppingToken);
                return rows;
            }
        );
        if (claimed.Count == 0)
            return 0;
        if (await eligibility.CheckAsync(reminder.Id, claimed, stoppingToken) is not { } toSend)
            return 0;

        // From here the batch runs to its end even when the host stops: what was claimed is sent
        // and recorded, rather than left for the sweep to report as unknown.
        var outcomes = new ConcurrentBag<DeliveryOutcome>();
        var mails = toSend.Where(d => d.Channel == DeliveryChannels.Email).ToList();
        await Parallel.ForEachAsync(
            mails,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, emailOptions.Value.MaxConcurrentSends) },
            async (delivery, _) => outcomes.Add(await SendOneAsync(reminder, delivery))
        );
        foreach (var notice in toSend.Where(d => d.Channel == DeliveryChannels.Inbox))
            outcomes.Add(new DeliveryOutcome(notice.Id, null));

        await InScopeAsync(
            async (session, _) =>
            {
                await ReminderDeliveries.RecordAsync(session, reminder.Id, [.. outcomes], CancellationToken.None);
                await session.CommitAsync(CancellationToken.None);
                return true;
            }
        );
        activity?.SetTag("reminder.batch.size", claimed.Count);
        LogBatch(logger, reminder.Id, claimed.Count, outcomes.Count(o => o.Error is not null));
        return claimed.Count;
    }

    private async Task<DeliveryOutcome> SendOneAsync(SendableReminder reminder, ClaimedDelivery delivery)
    {
        try
        {
            using var timeout = new CancellationTokenSource(emailOptions.Value.Timeout * 2);
            await email.SendAsync(
                new EmailMessage(EmailKind, delivery.Email!, reminder.Subject, reminder.Body),
                timeout.Token
            );
            return new DeliveryOutcome(delivery.Id, null);
        }
        catch (Exception ex)
            when (ex
                    is EmailSendException
                        or IOException
                        or OperationCanceledException
                        or MailKit.ProtocolException
                        or MailKit.ServiceNotConnectedException
                        or MailKit.Net.Smtp.SmtpProtocolException
                        or System.Net.Sockets.SocketException
                        or FormatException
                        or MimeKit.ParseException
            )
        {
            // The type only: a server's reply may quote the address.
            LogSendFailed(logger, reminder.Id, EmailMask.Mask(delivery.Email), ex.GetType().Name);
            return new DeliveryOutcome(delivery.Id, ex.GetType().Name);
        }
    }

    private async Task CompleteFinishedAsync(CancellationToken stoppingToken) =>
        await InScopeAsync(
            async (session, services) =>
            {
                var finished = await ReminderDeliveries.MarkFinishedAsync(session, stoppingToken);
                var outbox = services.GetRequiredService<IOutbox>();
                foreach (var reminderId in finished)
                    await outbox.PublishAsync(new ReminderFanOutCompleted(reminderId), stoppingToken);
                await session.CommitAsync(stoppingToken);
                foreach (var reminderId in finished)
                    LogFinished(logger, reminderId);
                return true;
            }
        );

    // A unit of work of its own for each step: the claim must commit before anything is sent.
    private async Task<T> InScopeAsync<T>(Func<DbSession, IServiceProvider, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<DbSession>(), scope.ServiceProvider);
    }

    [LoggerMessage(
        LogLevel.Information,
        "Reminder {ReminderId}: batch of {Count} deliveries recorded, {Failed} failed"
    )]
    private static partial void LogBatch(ILogger logger, Guid reminderId, int count, int failed);

    [LoggerMessage(
        LogLevel.Warning,
        "Reminder {ReminderId}: mail to {Recipient} failed ({Error}); recorded as failed, not retried"
    )]
    private static partial void LogSendFailed(ILogger logger, Guid reminderId, string recipient, string error);

    [LoggerMessage(LogLevel.Information, "Reminder {ReminderId}: no delivery left; fan-out complete")]
    private static partial void LogFinished(ILogger logger, Guid reminderId);

    [LoggerMessage(
        LogLevel.Warning,
        "{Count} deliveries were claimed by a sender that stopped before recording them; marked Unknown, not re-sent"
    )]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Fan-out pass failed; retrying shortly")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
