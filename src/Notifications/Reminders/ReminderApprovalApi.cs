using Habatan.Notifications.Email;

namespace Habatan.Notifications.Reminders;

// Four eyes (incident 2, point 4). A test send to the seed list comes first and is shown to the
// approver; then a second person with the approver role approves the exact snapshot (id and
// digest) the reminder reconciled. The requester, and whoever last changed the audience, is
// refused; a snapshot that is no longer current is refused.
public static partial class ReminderApprovalApi
{
    public static IEndpointRouteBuilder MapReminderApprovalApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup(RemindersApi.Prefix).WithTags("Reminders");
        ops.MapPost("/{id:guid}/test-send", TestSendAsync).RequireAuthorization(Policies.Operator);
        ops.MapPost("/{id:guid}/approve", ApproveAsync).RequireAuthorization(Policies.Approver);
        return app;
    }

    // The operator is waiting on the page: a mail the server did not take (a pooled connection the
    // server had closed, a 4xx) is tried once more at once, which cannot make a second copy.
    // Refused or maybe-delivered mail is not tried again.
    private static async Task SendOnceAcceptedAsync(
        IEmailSender sender,
        EmailMessage message,
        CancellationToken cancellationToken
    )
    {
        try
        {
            await sender.SendAsync(message, cancellationToken);
        }
        catch (EmailSendException ex) when (ex.Outcome == SendOutcome.NotAccepted)
        {
            await sender.SendAsync(message, cancellationToken);
        }
    }

    private static async Task<IResult> TestSendAsync(
        Guid id,
        ClaimsPrincipal user,
        ReminderStore store,
        DbSession session,
        IEmailSender sender,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken
    )
    {
        if (await store.FindAsync(id, cancellationToken) is not { } reminder)
            return ReminderProblems.NotFound();
        var saga = await store.SagaAsync(id, cancellationToken);
        if (
            saga?.CurrentState != nameof(ReminderStateMachine.AwaitingApproval)
            || saga.SnapshotId is not Guid snapshotId
        )
            return ReminderProblems.WrongState(saga?.CurrentState ?? ReminderView.Requested, "テスト送信");

        var subject = $"[テスト送信] {reminder.Subject}";
        try
        {
            foreach (var address in reminder.SeedList)
                await SendOnceAcceptedAsync(
                    sender,
                    new EmailMessage("reminder-test", address, subject, reminder.Body),
                    cancellationToken
                );
        }
        catch (EmailSendException ex)
        {
            // Every failure of the sender leaves as this (IEmailSender); its message says what
            // failed and never quotes the server's reply (which may quote the address).
            LogTestSendFailed(loggers.CreateLogger(typeof(ReminderApprovalApi)), id, $"{ex.Outcome}: {ex.Message}");
            return ReminderProblems.TestSendFailed();
        }

        var send = new TestSend(
            snapshotId,
            RemindersApi.Caller(user),
            [.. reminder.SeedList.Select(EmailMask.Mask)],
            time.GetUtcNow()
        );
        await store.RecordTestSendAsync(id, send, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(new TestSendResult(send.SnapshotId, send.Recipients, send.SentAt));
    }

    private static async Task<IResult> ApproveAsync(
        Guid id,
        ApproveRequest request,
        ClaimsPrincipal user,
        ReminderStore store,
        IOutbox outbox,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        if (request.SnapshotId is null || string.IsNullOrWhiteSpace(request.Digest))
            return ReminderProblems.Invalid(
                new() { ["snapshot"] = ["承認するスナップショットのIDとダイジェストを指定してください。"] }
            );
        if (await store.FindAsync(id, cancellationToken) is null)
            return ReminderProblems.NotFound();
        var saga = await store.SagaAsync(id, cancellationToken);
        var approver = RemindersApi.Caller(user);
        if (saga is null)
            return ReminderProblems.WrongState(ReminderView.Requested, "承認");
        if (!ApproverIsNotTheRequester.Allows(saga, approver))
            return ReminderProblems.SelfApproval();
        if (saga.CurrentState != nameof(ReminderStateMachine.AwaitingApproval))
            return ReminderProblems.WrongState(saga.CurrentState ?? ReminderView.Requested, "承認");
        if (
            request.SnapshotId != saga.SnapshotId
            || !string.Equals(request.Digest, saga.Digest, StringComparison.Ordinal)
        )
            return ReminderProblems.StaleSnapshot();
        if (!(await store.TestSendsAsync(id, cancellationToken)).Any(t => t.SnapshotId == saga.SnapshotId))
            return ReminderProblems.TestSendMissing();

        await outbox.PublishAsync(
            new ReminderApproved(id, request.SnapshotId.Value, request.Digest, approver),
            cancellationToken
        );
        await session.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"{RemindersApi.Prefix}/{id}");
    }

    [LoggerMessage(LogLevel.Warning, "Test send of reminder {ReminderId} failed ({Error})")]
    private static partial void LogTestSendFailed(ILogger logger, Guid reminderId, string error);
}
