using Habatan.Notifications.FanOut;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.Reminders;

// Ops API of reminders: create, read, correct the declared count, re-resolve, halt,
// resume, and create a correction or a follow-up reminder. Approval and test sends are in ReminderApprovalApi.
// The gateway lets operators and approvers in (policy "ops"); each endpoint asks for its role.
public static class RemindersApi
{
    public const string Prefix = "/api/notifications/ops/reminders";

    public static IEndpointRouteBuilder MapRemindersApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup(Prefix).WithTags("Reminders");
        ops.MapPost("/", CreateAsync).RequireAuthorization(Policies.Operator);
        ops.MapGet("/", ListAsync).RequireAuthorization(Policies.Ops);
        ops.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Ops);
        ops.MapPut("/{id:guid}/declared-count", CorrectDeclaredCountAsync).RequireAuthorization(Policies.Operator);
        ops.MapPost("/{id:guid}/resolve", ReResolveAsync).RequireAuthorization(Policies.Operator);
        // Stopping a send is for anyone on duty; starting it again is the operator's call.
        ops.MapPost(
                "/{id:guid}/halt",
                (Guid id, ReminderStore store, DbSession session, CancellationToken ct) =>
                    SetHaltedAsync(id, true, store, session, ct)
            )
            .RequireAuthorization(Policies.Ops);
        ops.MapPost(
                "/{id:guid}/resume",
                (Guid id, ReminderStore store, DbSession session, CancellationToken ct) =>
                    SetHaltedAsync(id, false, store, session, ct)
            )
            .RequireAuthorization(Policies.Operator);
        ops.MapPost("/{id:guid}/corrections", CreateCorrectionAsync).RequireAuthorization(Policies.Operator);
        ops.MapPost("/{id:guid}/follow-ups", CreateFollowUpAsync).RequireAuthorization(Policies.Operator);
        return app;
    }

    private static Task<IResult> CreateAsync(
        CreateReminderRequest request,
        ClaimsPrincipal user,
        ReminderStore store,
        IOutbox outbox,
        DbSession session,
        IOptions<FanOutOptions> fanOut,
        CancellationToken cancellationToken
    ) =>
        CreateCoreAsync(
            request,
            request.CampaignCode ?? "",
            null,
            null,
            user,
            store,
            outbox,
            session,
            fanOut.Value,
            cancellationToken
        );

    // Reminder X minus audience Y: the saga resolves Y, and the recipients become X's delivered
    // recipients who are not in Y (see SnapshotAssembler), reconciled and approved as usual.
    private static Task<IResult> CreateCorrectionAsync(
        Guid id,
        CreateReminderRequest request,
        ClaimsPrincipal user,
        ReminderStore store,
        IOutbox outbox,
        DbSession session,
        IOptions<FanOutOptions> fanOut,
        CancellationToken cancellationToken
    ) => CreateFromOriginalAsync(id, request, false, user, store, outbox, session, fanOut.Value, cancellationToken);

    // Issue #17, point 4: reminder X's failed and unknown recipients, still in X's audience, get
    // a reminder of their own (see FollowUpAudience), made by an operator, reconciled against a
    // count declared that day and approved by a second person like any other. Nothing re-sends
    // by itself. The audience and the campaign are X's; the text, channels and window are new.
    private static Task<IResult> CreateFollowUpAsync(
        Guid id,
        CreateReminderRequest request,
        ClaimsPrincipal user,
        ReminderStore store,
        IOutbox outbox,
        DbSession session,
        IOptions<FanOutOptions> fanOut,
        CancellationToken cancellationToken
    ) => CreateFromOriginalAsync(id, request, true, user, store, outbox, session, fanOut.Value, cancellationToken);

    private static async Task<IResult> CreateFromOriginalAsync(
        Guid id,
        CreateReminderRequest request,
        bool followUp,
        ClaimsPrincipal user,
        ReminderStore store,
        IOutbox outbox,
        DbSession session,
        FanOutOptions fanOut,
        CancellationToken cancellationToken
    )
    {
        var action = followUp ? "フォローアップ配信を作成" : "訂正配信を作成";
        if (await SentOriginalAsync(id, store, action, cancellationToken) is not { } original)
            return ReminderProblems.NotFound();
        if (original.Refusal is { } refusal)
            return refusal;
        return await CreateCoreAsync(
            followUp ? request with { Audience = original.Row.Audience, MemberIds = original.Row.MemberIds } : request,
            original.Row.CampaignCode,
            followUp ? null : id,
            followUp ? id : null,
            user,
            store,
            outbox,
            session,
            fanOut,
            cancellationToken
        );
    }

    private sealed record SentOriginal(ReminderRow Row, IResult? Refusal);

    // The reminder a correction or follow-up is made from: it must have been approved and sent
    // (or be sending), since its delivery records are the source.
    private static async Task<SentOriginal?> SentOriginalAsync(
        Guid id,
        ReminderStore store,
        string action,
        CancellationToken cancellationToken
    )
    {
        if (await store.FindAsync(id, cancellationToken) is not { } row)
            return null;
        var state = (await store.SagaAsync(id, cancellationToken))?.CurrentState ?? ReminderView.Requested;
        return state is nameof(ReminderStateMachine.Sending) or nameof(ReminderStateMachine.Completed)
            ? new SentOriginal(row, null)
            : new SentOriginal(row, ReminderProblems.WrongState(state, action));
    }

    private static async Task<IResult> CreateCoreAsync(
        CreateReminderRequest request,
        string campaignCode,
        Guid? correctionOf,
        Guid? followUpOf,
        ClaimsPrincipal user,
        ReminderStore store,
        IOutbox outbox,
        DbSession session,
        FanOutOptions fanOut,
        CancellationToken cancellationToken
    )
    {
        var errors = ReminderValidation.Validate(
            request,
            campaignCode,
            fanOut.DefaultMessagesPerSecond,
            out var reminder
        );
        if (reminder is null)
            return ReminderProblems.Invalid(errors);

        var id = Guid.NewGuid();
        var requester = Caller(user);
        await store.InsertAsync(id, reminder, requester, correctionOf, followUpOf, cancellationToken);
        await outbox.PublishAsync(
            new ReminderRequested(id, reminder.Audience, reminder.CampaignCode, reminder.DeclaredCount, requester),
            cancellationToken
        );
        await session.CommitAsync(cancellationToken);
        return TypedResults.Created($"{Prefix}/{id}", new ReminderCreated(id));
    }

    private static async Task<IResult> ListAsync(ReminderStore store, CancellationToken cancellationToken)
    {
        var views = new List<ReminderView>();
        foreach (var row in await store.RecentAsync(cancellationToken))
            views.Add(ReminderView.From(row, await store.SagaAsync(row.Id, cancellationToken), []));
        return TypedResults.Ok(views);
    }

    private static async Task<IResult> GetAsync(Guid id, ReminderStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } row)
            return ReminderProblems.NotFound();
        return TypedResults.Ok(
            ReminderView.From(
                row,
                await store.SagaAsync(id, cancellationToken),
                await store.TestSendsAsync(id, cancellationToken)
            )
        );
    }

    private static async Task<IResult> CorrectDeclaredCountAsync(
        Guid id,
        DeclaredCountRequest request,
        ClaimsPrincipal user,
        ReminderStore store,
        IOutbox outbox,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        if (request.DeclaredCount is not > 0)
            return ReminderProblems.Invalid(
                new() { ["declaredCount"] = ["申告件数を1以上の整数で入力してください。"] }
            );
        if (await ChangeableStateAsync(id, store, "申告件数を修正", cancellationToken) is { } refusal)
            return refusal;
        await outbox.PublishAsync(
            new DeclaredCountCorrected(id, request.DeclaredCount.Value, Caller(user)),
            cancellationToken
        );
        await session.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"{Prefix}/{id}");
    }

    private static async Task<IResult> ReResolveAsync(
        Guid id,
        ClaimsPrincipal user,
        ReminderStore store,
        IOutbox outbox,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        if (await ChangeableStateAsync(id, store, "再抽出", cancellationToken) is { } refusal)
            return refusal;
        await outbox.PublishAsync(new AudienceReResolutionRequested(id, Caller(user)), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"{Prefix}/{id}");
    }

    private static async Task<IResult> SetHaltedAsync(
        Guid id,
        bool halted,
        ReminderStore store,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        if (await store.SetHaltedAsync(id, halted, cancellationToken) == 0)
            return ReminderProblems.NotFound();
        await session.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    // The audience may change only before fan-out; after approval the snapshot is fixed.
    private static async Task<IResult?> ChangeableStateAsync(
        Guid id,
        ReminderStore store,
        string action,
        CancellationToken cancellationToken
    )
    {
        if (await store.FindAsync(id, cancellationToken) is null)
            return ReminderProblems.NotFound();
        var state = (await store.SagaAsync(id, cancellationToken))?.CurrentState ?? ReminderView.Requested;
        return
            state
                is nameof(ReminderStateMachine.Resolving)
                    or nameof(ReminderStateMachine.ReconciliationFailed)
                    or nameof(ReminderStateMachine.AwaitingApproval)
                    or nameof(ReminderStateMachine.AudienceUnavailable)
            ? null
            : ReminderProblems.WrongState(state, action);
    }

    internal static string Caller(ClaimsPrincipal user) => user.FindFirstValue(TokenParameters.SubjectClaim)!;
}
