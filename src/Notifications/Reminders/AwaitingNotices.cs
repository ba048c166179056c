using Habatan.Contracts.Audit;
using Habatan.Contracts.Reminders;
using MassTransit;

namespace Habatan.Notifications.Reminders;

// Issue #17 point 7: who must act on a reminder hears of it in the in-app inbox, not only on the
// console. Stopped (a count to enter or correct, or an audience to extract again): the operator who
// planned it. Awaiting approval: every approver but its requester and last changer, whom only
// Members knows (ApproverNoticeRequested). Both leave through the saga's outbox with the state
// change, under the notice id of the resolution that caused it (AudienceRequestId), so a replay
// posts nothing twice and each new snapshot that stops or awaits is noticed once. A notice names
// the reminder, its state and the console; no recipient's data.
internal static class AwaitingNotices
{
    public const string ConsolePath = "/ops/reminders/";

    public static async Task PlannerAsync<T>(BehaviorContext<ReminderState, T> context)
        where T : class
    {
        var (outbox, name) = await ReminderAsync(context);
        var saga = context.Saga;
        var (state, action) = saga.CurrentState switch
        {
            nameof(ReminderStateMachine.AudienceUnavailable) => ("対象者を抽出できず停止中", "再抽出"),
            _ => ("件数が一致せず停止中", "本日の独立した集計による申告件数の入力（修正）"),
        };
        await outbox.PublishAsync(
            new AdminNoticeRequested(
                saga.AudienceRequestId,
                [saga.RequestedBy],
                Subject(name, state),
                Body(name, state, action)
            ),
            context.CancellationToken
        );
    }

    public static async Task ApproversAsync<T>(BehaviorContext<ReminderState, T> context)
        where T : class
    {
        var (outbox, name) = await ReminderAsync(context);
        var saga = context.Saga;
        const string state = "承認待ち";
        await outbox.PublishAsync(
            new ApproverNoticeRequested(
                saga.AudienceRequestId,
                saga.CorrelationId,
                [.. new[] { saga.RequestedBy, saga.LastChangedBy }.Distinct(StringComparer.Ordinal)],
                Subject(name, state),
                Body(name, state, "件数とテスト送信を確認のうえ、承認")
            ),
            context.CancellationToken
        );
    }

    public static string Subject(string name, string state) => $"【要対応】リマインダー「{name}」: {state}";

    private static string Body(string name, string state, string action) =>
        $"""
            リマインダー「{name}」は{state}です。
            運用コンソールのリマインダー画面（{ConsolePath}）の「あなたの対応待ち」から{action}をしてください。
            """;

    private static async Task<(IOutbox Outbox, string Name)> ReminderAsync<T>(BehaviorContext<ReminderState, T> context)
        where T : class
    {
        var services = context.GetPayload<IServiceProvider>();
        var names = await services
            .GetRequiredService<DbSession>()
            .QueryAsync(
                "SELECT name FROM reminder WHERE id = $1",
                reader => reader.GetString(0),
                context.CancellationToken,
                context.Saga.CorrelationId
            );
        // The row is written with the reminder; were it ever missing, the notice still goes, by id.
        return (services.GetRequiredService<IOutbox>(), names.FirstOrDefault() ?? $"{context.Saga.CorrelationId}");
    }
}
