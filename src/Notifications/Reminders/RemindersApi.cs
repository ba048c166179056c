using Habatan.Notifications.FanOut;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.Reminders;

// Ops API of reminders: create, read, correct the declared count, re-resolve, halt,
// resume, and create a correction reminder. Approval and test sends are in ReminderApprovalApi.
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
            user,
            store,
            outbox,
            session,
            fanOut.Value,
            cancellationToken
        );

    // Reminder X minus audience Y: the saga resolves Y, and the recipients become X's delivered
    // recipients who are not in Y (see SnapshotAssembler), reconciled and approved as usual.
    private static async Task<IResult> CreateCorrectionAsync(
        Guid id,
        CreateReminderRequest request,
        ClaimsPrincipal user,
        ReminderStore store,
        IOutbox outbox,
        DbSession session,
        IOptions<FanOutOptions> fanOut,
        CancellationToken cancellationToken
    )
    {
        if (await store.FindAsync(id, cancellationToken) is not { } original)
            return ReminderProblems.NotFound();
        var state = (await store.SagaAsync(id, cancellationToken))?.CurrentState ?? ReminderView.Requested;
        if (state is not (nameof(ReminderStateMachine.Sending) or nameof(ReminderStateMachine.Completed)))
            return ReminderProblems.WrongState(state, "訂正配信を作成");
        return await CreateCoreAsync(
            request,
            original.CampaignCode,
            id,
            user,
            store,
            outbox,
            session,
            fanOut.Value,
            cancellationToken
        );
    }

    private static async Task<IResult> CreateCoreAsync(
        CreateReminderRequest request,
        string campaignCode,
        Guid? correctionOf,
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
        await store.InsertAsync(id, reminder, requester, correctionOf, cancellationToken);
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
