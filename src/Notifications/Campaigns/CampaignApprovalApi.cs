using System.Security.Claims;
using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Outbox;
using Habatan.Notifications.Email;
using Habatan.ServiceDefaults.Identity;

namespace Habatan.Notifications.Campaigns;

// Four eyes (incident 2, point 4). A test send to the seed list comes first and is shown to the
// approver; then a second person with the approver role approves the exact snapshot (id and
// digest) the campaign reconciled. The requester, and whoever last changed the audience, is
// refused; a snapshot that is no longer current is refused.
public static partial class CampaignApprovalApi
{
    public static IEndpointRouteBuilder MapCampaignApprovalApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup(CampaignsApi.Prefix).WithTags("Campaigns");
        ops.MapPost("/{id:guid}/test-send", TestSendAsync).RequireAuthorization(Policies.Operator);
        ops.MapPost("/{id:guid}/approve", ApproveAsync).RequireAuthorization(Policies.Approver);
        return app;
    }

    private static async Task<IResult> TestSendAsync(Guid id, ClaimsPrincipal user, CampaignStore store, DbSession session, IEmailSender sender,
        TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } campaign) return CampaignProblems.NotFound();
        var saga = await store.SagaAsync(id, cancellationToken);
        if (saga?.CurrentState != nameof(CampaignStateMachine.AwaitingApproval) || saga.SnapshotId is not Guid snapshotId)
            return CampaignProblems.WrongState(saga?.CurrentState ?? CampaignView.Requested, "テスト送信");

        var subject = $"[テスト送信] {campaign.Subject}";
        try
        {
            foreach (var address in campaign.SeedList)
                await sender.SendAsync(new EmailMessage("campaign-test", address, subject, campaign.Body), cancellationToken);
        }
        catch (Exception ex) when (ex is EmailSendException or IOException or MailKit.ProtocolException or System.Net.Sockets.SocketException)
        {
            LogTestSendFailed(loggers.CreateLogger(typeof(CampaignApprovalApi)), id, ex.GetType().Name);
            return CampaignProblems.TestSendFailed();
        }

        var send = new TestSend(snapshotId, CampaignsApi.Caller(user), [.. campaign.SeedList.Select(EmailMask.Mask)], time.GetUtcNow());
        await store.RecordTestSendAsync(id, send, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(new TestSendResult(send.SnapshotId, send.Recipients, send.SentAt));
    }

    private static async Task<IResult> ApproveAsync(Guid id, ApproveRequest request, ClaimsPrincipal user, CampaignStore store, IOutbox outbox,
        DbSession session, CancellationToken cancellationToken)
    {
        if (request.SnapshotId is null || string.IsNullOrWhiteSpace(request.Digest))
            return CampaignProblems.Invalid(new() { ["snapshot"] = ["承認するスナップショットのIDとダイジェストを指定してください。"] });
        if (await store.FindAsync(id, cancellationToken) is null) return CampaignProblems.NotFound();
        var saga = await store.SagaAsync(id, cancellationToken);
        var approver = CampaignsApi.Caller(user);
        if (saga is null) return CampaignProblems.WrongState(CampaignView.Requested, "承認");
        if (approver == saga.RequestedBy || approver == saga.LastChangedBy) return CampaignProblems.SelfApproval();
        if (saga.CurrentState != nameof(CampaignStateMachine.AwaitingApproval))
            return CampaignProblems.WrongState(saga.CurrentState ?? CampaignView.Requested, "承認");
        if (request.SnapshotId != saga.SnapshotId || !string.Equals(request.Digest, saga.Digest, StringComparison.Ordinal))
            return CampaignProblems.StaleSnapshot();
        if (!(await store.TestSendsAsync(id, cancellationToken)).Any(t => t.SnapshotId == saga.SnapshotId))
            return CampaignProblems.TestSendMissing();

        await outbox.PublishAsync(new CampaignApproved(id, request.SnapshotId.Value, request.Digest, approver), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"{CampaignsApi.Prefix}/{id}");
    }

    [LoggerMessage(LogLevel.Warning, "Test send of campaign {CampaignId} failed ({Error})")]
    private static partial void LogTestSendFailed(ILogger logger, Guid campaignId, string error);
}
