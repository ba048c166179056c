using Habatan.Contracts.Audiences;
using MassTransit;

namespace Habatan.Notifications.Reminders;

// A reminder, as a story: it asks Members for the audience and waits; the snapshot is
// reconciled against the declared count and the bound, and a mismatch stops it in plain sight;
// a second person approves that exact snapshot; only then does it fan out, and it completes when
// the sender has nothing left. Any change before fan-out (a corrected count, a new snapshot)
// sends it back through resolution, which voids any approval. Whoever must act next (enter the
// count, approve) hears of it in the in-app inbox (AwaitingNotices).
public sealed class ReminderStateMachine : MassTransitStateMachine<ReminderState>
{
    public ReminderStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Requested, e => e.CorrelateById(m => m.Message.ReminderId));
        Event(() => CountCorrected, e => e.CorrelateById(m => m.Message.ReminderId));
        Event(() => ReResolutionRequested, e => e.CorrelateById(m => m.Message.ReminderId));
        Event(() => SnapshotReceived, e => e.CorrelateById(m => m.Message.ReminderId));
        Event(() => ResolutionFailed, e => e.CorrelateById(m => m.Message.ReminderId));
        Event(() => Approved, e => e.CorrelateById(m => m.Message.ReminderId));
        Event(() => FanOutCompleted, e => e.CorrelateById(m => m.Message.ReminderId));
        Event(() => WindowClosed, e => e.CorrelateById(m => m.Message.ReminderId));

        Initially(
            When(Requested)
                .Then(context =>
                {
                    context.Saga.RequestedBy = context.Message.RequestedBy;
                    context.Saga.LastChangedBy = context.Message.RequestedBy;
                    context.Saga.Audience = context.Message.Audience;
                    context.Saga.CampaignCode = context.Message.CampaignCode;
                    context.Saga.DeclaredCount = context.Message.DeclaredCount;
                })
                .ThenAsync(ReminderActivities.RequestAudienceAsync)
                .TransitionTo(Resolving)
        );

        During(
            Resolving,
            ReconciliationFailed,
            AwaitingApproval,
            AudienceUnavailable,
            When(CountCorrected)
                .Then(context =>
                {
                    context.Saga.DeclaredCount = context.Message.DeclaredCount;
                    context.Saga.LastChangedBy = context.Message.CorrectedBy;
                })
                .ThenAsync(ReminderActivities.RequestAudienceAsync)
                .TransitionTo(Resolving),
            When(ReResolutionRequested)
                .Then(context => context.Saga.LastChangedBy = context.Message.RequestedBy)
                .ThenAsync(ReminderActivities.RequestAudienceAsync)
                .TransitionTo(Resolving)
        );

        During(
            Resolving,
            // An answer to an older request describes an audience nobody is waiting for.
            When(SnapshotReceived, context => context.Message.RequestId == context.Saga.AudienceRequestId)
                .Then(ReminderActivities.Reconcile)
                .IfElse(
                    context => context.Saga.Problem is null,
                    reconciled => reconciled.TransitionTo(AwaitingApproval).ThenAsync(AwaitingNotices.ApproversAsync),
                    mismatch => mismatch.TransitionTo(ReconciliationFailed).ThenAsync(AwaitingNotices.PlannerAsync)
                ),
            When(ResolutionFailed, context => context.Message.RequestId == context.Saga.AudienceRequestId)
                .Then(context => context.Saga.Problem = $"対象者を抽出できませんでした: {context.Message.Reason}")
                .TransitionTo(AudienceUnavailable)
                .ThenAsync(AwaitingNotices.PlannerAsync)
        );

        During(
            AwaitingApproval,
            // Four eyes, whatever path the approval came by: the requester's is refused, not recorded.
            When(Approved, context => !ApproverIsNotTheRequester.Allows(context.Saga, context.Message.ApprovedBy))
                .Then(ReminderActivities.RefuseSelfApproval),
            // The API checked this already; the saga checks again because a new snapshot or a
            // corrected count may have landed in between, and that voids the approval.
            When(
                    Approved,
                    context =>
                        ApproverIsNotTheRequester.Allows(context.Saga, context.Message.ApprovedBy)
                        && context.Message.SnapshotId == context.Saga.SnapshotId
                        && context.Message.Digest == context.Saga.Digest
                )
                .ThenAsync(ReminderActivities.PlanDeliveriesAsync)
                .TransitionTo(Sending)
        );

        During(
            Sending,
            When(FanOutCompleted)
                .Then(context => context.Saga.CompletedAt = DateTimeOffset.UtcNow)
                .TransitionTo(Completed)
        );

        // A missed step never sends: not approved by the end of its send window, it expires and
        // says so. Once approved (Sending) the window only bounds the fan-out.
        During(
            Resolving,
            ReconciliationFailed,
            AwaitingApproval,
            AudienceUnavailable,
            When(WindowClosed)
                .Then(context =>
                    context.Saga.Problem =
                        "送信期間の終了までに承認されなかったため、期限切れになり"
                            + "ました。送信していません。"
                )
                .TransitionTo(Expired)
        );

        // Replays, stale answers and approvals overtaken by a change are dropped, not retried.
        OnUnhandledEvent(context => context.Ignore());
    }

    // The saga_type column value: rows outlive renames of the class.
    public const string SagaType = "reminder";

    public State Resolving { get; private set; } = null!;
    public State ReconciliationFailed { get; private set; } = null!;
    public State AudienceUnavailable { get; private set; } = null!;
    public State AwaitingApproval { get; private set; } = null!;
    public State Sending { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Expired { get; private set; } = null!;

    public Event<ReminderRequested> Requested { get; private set; } = null!;
    public Event<DeclaredCountCorrected> CountCorrected { get; private set; } = null!;
    public Event<AudienceReResolutionRequested> ReResolutionRequested { get; private set; } = null!;
    public Event<AudienceSnapshotReceived> SnapshotReceived { get; private set; } = null!;
    public Event<AudienceResolutionFailed> ResolutionFailed { get; private set; } = null!;
    public Event<ReminderApproved> Approved { get; private set; } = null!;
    public Event<ReminderFanOutCompleted> FanOutCompleted { get; private set; } = null!;
    public Event<ReminderWindowClosed> WindowClosed { get; private set; } = null!;
}
