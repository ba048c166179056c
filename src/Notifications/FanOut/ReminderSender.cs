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
// halt checked in the claim), ask Members who is still eligible, check the halt again just
// before sending, send them paced to the slots with bounded parallelism over the pooled SMTP
// connections, then record the outcomes in one statement. The steps overlap (SendPassAsync):
// while one batch is on the wire the next is claimed and the one before recorded, so the
// connections do not idle through the database and Members round trips.
// A claim is a lease the sender renews while the batch is in hand; a claimed mail is never
// claimed again: if its sender dies before recording, its lease runs out and any replica's
// sweep marks it Unknown, and it is reported, never re-sent (at most once); an in-app notice is
// idempotent, so the sweep plans it again. A batch claimed but not sent (halted meanwhile, or the
// host stopping) is released to Pending. A mail the server did not accept is retried by a later
// batch (DeliveryRetry); what each outcome means is SmtpOutcome's rule. Runs on every replica;
// SKIP LOCKED and the slots share the work.
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
                        var swept = await ReminderDeliveries.SweepExpiredLeasesAsync(session, stoppingToken);
                        await session.CommitAsync(stoppingToken);
                        if (swept > 0)
                            LogSwept(logger, swept);
                        return swept;
                    }
                );
                var sent = await SendPassAsync(stoppingToken);
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

    // One pass: the sendable reminders take turns, a batch each, until none has rows left to
    // claim or the pass has run for a third of a lease (the sweep runs between passes). At most
    // three batches are in hand at once: the one being recorded, the one on the wire and the
    // next, claimed meanwhile. Each is claimed (committed) before it is sent, under its own lease.
    private async Task<int> SendPassAsync(CancellationToken stoppingToken)
    {
        var turns = await InScopeAsync((session, _) => ReminderDeliveries.SendableAsync(session, stoppingToken));
        var passStarted = time.GetTimestamp();
        var sent = 0;
        var turn = 0;
        var claiming = turns.Count > 0 ? ClaimAsync(turns[0], stoppingToken) : null;
        var recording = Task.CompletedTask;
        try
        {
            while (claiming is not null)
            {
                var batch = await claiming;
                claiming = null;
                // A reminder with nothing to claim now (or whose batch Members did not check) is
                // left for the next pass.
                if (batch is null)
                    turns.RemoveAt(turn);
                else
                    turn++;
                if (
                    turns.Count > 0
                    && !stoppingToken.IsCancellationRequested
                    && time.GetElapsedTime(passStarted) < options.Value.LeaseDuration / 3
                )
                    claiming = ClaimAsync(turns[turn %= turns.Count], stoppingToken);
                if (batch is null)
                    continue;

                var outcomes = await SendAsync(batch, stoppingToken);
                await recording;
                if (outcomes is null)
                    continue;
                recording = RecordAsync(batch, outcomes);
                sent += batch.Claimed.Count;
            }
        }
        finally
        {
            if (claiming is not null)
                await ReleaseUnsentAsync(claiming);
            await recording;
        }
        return sent;
    }

    // Reserves the batch's send slots and waits for the first, claims the rows (committed before
    // anything is sent) and asks Members who is still eligible. Null when the reminder has nothing
    // to claim now, or Members did not answer (EligibilityAtSendTime released the rows).
    private async Task<ClaimedBatch?> ClaimAsync(SendableReminder reminder, CancellationToken stoppingToken)
    {
        var size = Math.Min(options.Value.BatchSize, Math.Max(1, reminder.MessagesPerSecond));
        var wait = await InScopeAsync(
            (session, _) =>
                ReminderThrottle.ReserveAsync(session, reminder.Id, size, reminder.MessagesPerSecond, stoppingToken)
        );
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, time, stoppingToken);
        var slotsFrom = time.GetTimestamp();
        var lease = options.Value.LeaseDuration;
        var claimed = await InScopeAsync(
            async (session, _) =>
            {
                var rows = await ReminderDeliveries.ClaimAsync(session, reminder.Id, size, lease, stoppingToken);
                await session.CommitAsync(stoppingToken);
                return rows;
            }
        );
        if (claimed.Count == 0)
            return null;
        var batch = new ClaimedBatch(reminder, claimed, slotsFrom, (ids, inHand) => RenewAsync(ids, lease, inHand));
        try
        {
            // Members says who is still in the audience; the others are Skipped (EligibilityAtSendTime).
            if (await eligibility.CheckAsync(reminder.Id, claimed, stoppingToken) is not { } toSend)
            {
                await batch.DisposeAsync();
                return null;
            }
            batch.Checked(toSend);
            return batch;
        }
        catch
        {
            await batch.DisposeAsync();
            throw;
        }
    }

    // The outcomes, or null when nothing of the batch was sent: the reminder was halted (or left
    // its window) since the claim, or the host is stopping; its rows are released to Pending.
    // Once the first mail goes, the batch runs to its end even when the host stops: what was
    // claimed is sent and recorded, rather than left for the sweep to report as unknown.
    private async Task<List<DeliveryOutcome>?> SendAsync(ClaimedBatch batch, CancellationToken stoppingToken)
    {
        var reminder = batch.Reminder;
        try
        {
            if (
                stoppingToken.IsCancellationRequested
                || !await InScopeAsync(
                    (session, _) => ReminderDeliveries.StillSendableAsync(session, reminder.Id, stoppingToken)
                )
            )
            {
                await ReleaseAsync(batch);
                return null;
            }
        }
        catch
        {
            await ReleaseAsync(batch);
            throw;
        }

        try
        {
            return await SendCheckedAsync(batch);
        }
        catch
        {
            // Some mails may have gone: the batch is neither recorded nor released. Its lease stops
            // being renewed, and once it runs out the sweep reports its mails Unknown, never re-sent.
            await batch.DisposeAsync();
            throw;
        }
    }

    private async Task<List<DeliveryOutcome>> SendCheckedAsync(ClaimedBatch batch)
    {
        var reminder = batch.Reminder;
        // One trace per batch, with the SMTP sends inside it: ops see a fan-out as batches in the dashboard.
        using var activity = EmailTelemetry.Source.StartActivity("reminder fan-out batch");
        activity?.SetTag("reminder.id", reminder.Id);
        activity?.SetTag("reminder.batch.size", batch.Claimed.Count);
        var outcomes = new ConcurrentBag<DeliveryOutcome>();
        var mails = batch.ToSend.Where(d => d.Channel == DeliveryChannels.Email).ToList();
        await Parallel.ForEachAsync(
            mails.Select((delivery, index) => (delivery, index)),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, emailOptions.Value.MaxConcurrentSends) },
            async (mail, _) =>
            {
                // Paced to the reserved slots: the rate holds within the batch too, not just on average.
                var early =
                    ReminderThrottle.SlotOf(mail.index, reminder.MessagesPerSecond)
                    - time.GetElapsedTime(batch.SlotsFrom);
                if (early > TimeSpan.Zero)
                    await Task.Delay(early, time, CancellationToken.None);
                outcomes.Add(await SendOneAsync(reminder, mail.delivery));
            }
        );
        foreach (var notice in batch.ToSend.Where(d => d.Channel == DeliveryChannels.Inbox))
            outcomes.Add(DeliveryOutcome.Sent(notice.Id));
        return [.. outcomes];
    }

    // Runs beside the next batch's sends. Never throws: should the record fail, the batch's lease
    // stops being renewed, and the sweep reports its mails Unknown (never re-sent) once it runs out.
    private async Task RecordAsync(ClaimedBatch batch, List<DeliveryOutcome> outcomes)
    {
        await using (batch)
        {
            try
            {
                await InScopeAsync(
                    async (session, _) =>
                    {
                        await ReminderDeliveries.RecordAsync(
                            session,
                            batch.Reminder.Id,
                            outcomes,
                            CancellationToken.None
                        );
                        await session.CommitAsync(CancellationToken.None);
                        return true;
                    }
                );
            }
            catch (Exception ex)
            {
                LogRecordFailed(logger, batch.Reminder.Id, batch.Claimed.Count, ex);
                return;
            }
        }
        LogBatch(logger, batch.Reminder.Id, batch.Claimed.Count, outcomes.Count(o => o.Status != DeliveryStatus.Sent));
    }

    // The next batch, claimed while this pass ended: none of it was sent.
    private async Task ReleaseUnsentAsync(Task<ClaimedBatch?> claiming)
    {
        ClaimedBatch? batch;
        try
        {
            batch = await claiming;
        }
        catch
        {
            // The claim failed: nothing was claimed, or EligibilityAtSendTime released the rows.
            return;
        }
        if (batch is not null)
            await ReleaseAsync(batch);
    }

    // Should the release fail too, the rows stay Claimed until their lease runs out and are
    // reported Unknown: never sent twice, at the price of a mail reported unknown that never left.
    private async Task ReleaseAsync(ClaimedBatch batch)
    {
        await using (batch)
        {
            try
            {
                await InScopeAsync(
                    async (session, _) =>
                    {
                        await ReminderDeliveries.ReleaseAsync(
                            session,
                            batch.Reminder.Id,
                            batch.Claimed,
                            CancellationToken.None
                        );
                        await session.CommitAsync(CancellationToken.None);
                        return true;
                    }
                );
            }
            catch (Exception ex)
            {
                LogReleaseFailed(logger, batch.Reminder.Id, batch.Claimed.Count, ex);
            }
        }
    }

    // While the batch is in hand, its lease is renewed every third of its length, so no other
    // replica's sweep takes rows that are still being sent. A failed renewal is tried again at
    // the next turn; should the lease run out meanwhile, the rows are reported Unknown, never resent.
    private async Task RenewAsync(long[] ids, TimeSpan lease, CancellationToken inHand)
    {
        while (!inHand.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(lease / 3, time, inHand);
                await InScopeAsync(
                    async (session, _) =>
                    {
                        await ReminderDeliveries.RenewLeasesAsync(session, ids, lease, inHand);
                        await session.CommitAsync(inHand);
                        return true;
                    }
                );
            }
            catch (OperationCanceledException) when (inHand.IsCancellationRequested)
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
                new EmailMessage(EmailKind, delivery.Email!, reminder.Subject, reminder.Body),
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

    [LoggerMessage(
        LogLevel.Error,
        "Reminder {ReminderId}: recording a batch of {Count} failed; its mails will be reported Unknown, not re-sent"
    )]
    private static partial void LogRecordFailed(ILogger logger, Guid reminderId, int count, Exception exception);

    [LoggerMessage(
        LogLevel.Warning,
        "Reminder {ReminderId}: releasing an unsent batch of {Count} failed; its mails will be reported Unknown"
    )]
    private static partial void LogReleaseFailed(ILogger logger, Guid reminderId, int count, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Renewing a fan-out batch's lease failed; trying again")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Fan-out pass failed; retrying shortly")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
