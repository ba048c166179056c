using System.Collections.Concurrent;
using Habatan.Notifications.Email;
using Habatan.Notifications.Reminders;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.FanOut;

// Fans approved reminders out from their delivery rows. A database worker rather than a message
// per batch: the rows are the plan and the record at once, a claim is one UPDATE ... FOR UPDATE
// SKIP LOCKED (several instances share the work), a broker outage does not stop or repeat the
// fan-out, and a halt is a column read by every claim, so it takes effect within one batch.
// Each batch: reserve send slots for the reminder in PostgreSQL (ReminderThrottle, shared by all
// replicas) and wait for the first, claim that many rows (committed before anything is sent,
// halt checked in the claim), send them paced to the slots with bounded parallelism over the
// pooled SMTP connections, then record the outcomes in one statement. A claim is a lease the
// sender renews while it works; a claimed mail is never claimed again: if its sender dies before
// recording, its lease runs out and any replica's sweep marks it Unknown, and it is reported,
// never re-sent (at most once); an in-app notice is idempotent, so the sweep plans it again. A
// mail the server did not accept is retried by a later batch (DeliveryRetry); what each outcome
// means is SmtpOutcome's rule. Runs on every replica; SKIP LOCKED and the slots share the work.
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

    private readonly ClaimCursors _cursors = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var swept = await InScopeAsync(
                    async (session, _) =>
                    {
                        var swept = await ReminderDeliveries.SweepExpiredLeasesAsync(session, stoppingToken);
                        await session.CommitAsync(stoppingToken);
                        if (swept > 0)
                            LogSwept(logger, swept);
                        return swept;
                    }
                );
                var sent = 0;
                var drained = swept > 0;
                foreach (
                    var reminder in await InScopeAsync(
                        (session, _) => ReminderDeliveries.SendableAsync(session, stoppingToken)
                    )
                )
                {
                    var batch = await SendBatchAsync(reminder, settings.BatchSize, stoppingToken);
                    sent += batch.Sent;
                    drained |= batch.Drained;
                }
                // Only when a reminder may have just run out: asking every pass walked every row sent.
                if (drained || sent == 0)
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

    // What one batch did: rows sent (claimed and recorded), and whether the claim came back short,
    // so the reminder may have no row left.
    private readonly record struct Batch(int Sent, bool Drained);

    private async Task<Batch> SendBatchAsync(SendableReminder reminder, int batchSize, CancellationToken stoppingToken)
    {
        var size = Math.Min(batchSize, Math.Max(1, reminder.MessagesPerSecond));
        var wait = await InScopeAsync(
            (session, _) =>
                ReminderThrottle.ReserveAsync(session, reminder.Id, size, reminder.MessagesPerSecond, stoppingToken)
        );
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, time, stoppingToken);
        // One span per batch, the SMTP sends counted in it: ops see a fan-out as batches in the
        // dashboard, and a failed mail as the batch's count and its own warning in the logs.
        using var activity = EmailTelemetry.Source.StartActivity("reminder fan-out batch");
        activity?.SetTag("reminder.id", reminder.Id);
        var lease = options.Value.LeaseDuration;
        stoppingToken.ThrowIfCancellationRequested();
        var claimed = await ClaimAsync(reminder.Id, size, lease);
        if (claimed.Count == 0)
            return new(0, true);
        using var working = new CancellationTokenSource();
        var renewing = RenewWhileWorkingAsync([.. claimed.Select(d => d.Id)], lease, working.Token);
        try
        {
            // Members says who is still in the audience; the others are Skipped (EligibilityAtSendTime).
            if (await eligibility.CheckAsync(reminder.Id, claimed, stoppingToken) is not { } toSend)
                return new(0, false);
            await SendClaimedAsync(reminder, claimed, toSend, time.GetTimestamp(), activity);
            return new(claimed.Count, claimed.Count < size);
        }
        finally
        {
            await working.CancelAsync();
            await renewing;
        }
    }

    // A claim runs to its end once begun, not on the stop's token: a commit cancelled after the
    // server had made it left a batch claimed that nobody sent or released (reported Unknown,
    // 150 of 1,200 mails in ServiceRestartMidFanOutSendsEachRecipientOnce under load).
    // From this sender's cursor; when nothing is left after it, once more from the start.
    private async Task<List<ClaimedDelivery>> ClaimAsync(Guid reminderId, int size, TimeSpan lease)
    {
        var after = _cursors.After(reminderId);
        var claimed = await ClaimAfterAsync(reminderId, size, lease, after);
        if (claimed.Count == 0 && after > 0)
            claimed = await ClaimAfterAsync(reminderId, size, lease, 0);
        _cursors.Claimed(reminderId, claimed, size);
        return claimed;
    }

    private Task<List<ClaimedDelivery>> ClaimAfterAsync(Guid reminderId, int size, TimeSpan lease, long after) =>
        InScopeAsync(
            async (session, _) =>
            {
                var rows = await ReminderDeliveries.ClaimAsync(
                    session,
                    reminderId,
                    size,
                    lease,
                    after,
                    CancellationToken.None
                );
                await session.CommitAsync(CancellationToken.None);
                return rows;
            }
        );

    private async Task SendClaimedAsync(
        SendableReminder reminder,
        List<ClaimedDelivery> claimed,
        IReadOnlyList<ClaimedDelivery> toSend,
        long started,
        System.Diagnostics.Activity? activity
    )
    {
        // From here the batch runs to its end even when the host stops: what was claimed is sent
        // and recorded, rather than left for the sweep to report as unknown.
        var outcomes = new ConcurrentBag<DeliveryOutcome>();
        var mails = toSend.Where(d => d.Channel == DeliveryChannels.Email).ToList();
        await Parallel.ForEachAsync(
            mails.Select((delivery, index) => (delivery, index)),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, emailOptions.Value.MaxConcurrentSends) },
            async (mail, _) =>
            {
                // Paced to the reserved slots: the rate holds within the batch too, not just on average.
                var early =
                    ReminderThrottle.SlotOf(mail.index, reminder.MessagesPerSecond) - time.GetElapsedTime(started);
                if (early > TimeSpan.Zero)
                    await Task.Delay(early, time, CancellationToken.None);
                outcomes.Add(await SendOneAsync(reminder, mail.delivery));
            }
        );
        foreach (var notice in toSend.Where(d => d.Channel == DeliveryChannels.Inbox))
            outcomes.Add(DeliveryOutcome.Sent(notice.Id));

        await InScopeAsync(
            async (session, _) =>
            {
                await ReminderDeliveries.RecordAsync(session, reminder.Id, [.. outcomes], CancellationToken.None);
                await session.CommitAsync(CancellationToken.None);
                return true;
            }
        );
        var failed = outcomes.Count(o => o.Status != DeliveryStatus.Sent);
        activity?.SetTag("reminder.batch.size", claimed.Count);
        activity?.SetTag("reminder.batch.mails", mails.Count);
        activity?.SetTag("reminder.batch.failed", failed);
        LogBatch(logger, reminder.Id, claimed.Count, failed);
    }

    // Until the batch is recorded, its lease is renewed every third of its length, so no other
    // replica's sweep takes rows that are still being sent. A failed renewal is tried again at
    // the next turn; should the lease run out meanwhile, the rows are reported Unknown, never resent.
    private async Task RenewWhileWorkingAsync(long[] ids, TimeSpan lease, CancellationToken working)
    {
        while (!working.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(lease / 3, time, working);
                await InScopeAsync(
                    async (session, _) =>
                    {
                        await ReminderDeliveries.RenewLeasesAsync(session, ids, lease, working);
                        await session.CommitAsync(working);
                        return true;
                    }
                );
            }
            catch (OperationCanceledException) when (working.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRenewalFailed(logger, ex);
            }
        }
    }

    private async Task<DeliveryOutcome> SendOneAsync(SendableReminder reminder, ClaimedDelivery delivery)
    {
        SendOutcome outcome;
        int? replyCode = null;
        string reason;
        try
        {
            using var timeout = new CancellationTokenSource(emailOptions.Value.Timeout * 2);
            await email.SendAsync(
                new EmailMessage(EmailKind, delivery.Email!, reminder.Subject, reminder.Body) { TracedAlone = false },
                timeout.Token
            );
            return DeliveryOutcome.Sent(delivery.Id);
        }
        catch (EmailSendException ex)
        {
            (outcome, replyCode, reason) = (ex.Outcome, ex.ReplyCode, ex.Reason);
        }
        catch (OperationCanceledException)
        {
            // Timed out waiting for a connection slot: the send never started.
            (outcome, reason) = (SendOutcome.NotAccepted, "no SMTP connection became free in time");
        }

        var retryAt =
            outcome == SendOutcome.NotAccepted
                ? DeliveryRetry.Next(delivery.Attempts + 1, time.GetUtcNow(), reminder.SendUntil, options.Value)
                : null;
        // The reason only (a reply code or an exception type): a server's reply may quote the address.
        LogSendFailed(logger, reminder.Id, EmailMask.Mask(delivery.Email), outcome, reason, retryAt);
        return new DeliveryOutcome(
            delivery.Id,
            retryAt is null ? DeliveryStatus.For(outcome) : DeliveryStatus.Pending,
            replyCode,
            reason,
            retryAt
        );
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
        "Reminder {ReminderId}: mail to {Recipient} {Outcome} ({Reason}); next attempt at {RetryAt} (none if empty)"
    )]
    private static partial void LogSendFailed(
        ILogger logger,
        Guid reminderId,
        string recipient,
        SendOutcome outcome,
        string reason,
        DateTimeOffset? retryAt
    );

    [LoggerMessage(LogLevel.Information, "Reminder {ReminderId}: no delivery left; fan-out complete")]
    private static partial void LogFinished(ILogger logger, Guid reminderId);

    [LoggerMessage(
        LogLevel.Warning,
        "{Count} deliveries were claimed by a sender that stopped before recording them; "
            + "mail marked Unknown (never re-sent), in-app notices planned again"
    )]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Renewing a fan-out batch's lease failed; trying again")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Fan-out pass failed; retrying shortly")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
