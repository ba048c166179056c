using Habatan.Contracts.Audit;
using Habatan.Infrastructure.Outbox;
using MassTransit;

namespace Habatan.Members.Audit;

// A service's leak tripwire fired (DESIGN.md "a leak stops itself"): every admin gets a notice in
// the in-app inbox at once, naming the campaign now suspended and where to run the breach-scope
// report. The notice id is the leak's, so a redelivered leak posts nothing twice.
public sealed partial class AccessLeakDetectedConsumer(
    DbSession session,
    IOutbox outbox,
    ILogger<AccessLeakDetectedConsumer> logger
) : IConsumer<AccessLeakDetected>
{
    public const string Subject = "【緊急】本人以外による個人データの閲覧を検知しました";

    public async Task Consume(ConsumeContext<AccessLeakDetected> context)
    {
        var leak = context.Message;
        var admins = await session.QueryAsync(
            """
            SELECT m.public_id
            FROM member m JOIN member_role r ON r.member_id = m.id
            WHERE r.role = 'admin' AND m.withdrawn_at IS NULL
            ORDER BY m.public_id
            """,
            reader => reader.GetString(0),
            context.CancellationToken
        );
        await outbox.PublishAsync(
            new AdminNoticeRequested(leak.LeakId, admins, Subject, Body(leak)),
            context.CancellationToken
        );
        LogNoticed(logger, leak.CampaignCode, admins.Count);
    }

    public static string Body(AccessLeakDetected leak) =>
        $"""
            {leak.Service} でキャンペーン {leak.CampaignCode} の個人データが本人以外に表示された記録を検知し、
            キャンペーンを自動で一時停止しました（申請受付とマイページが止まっています）。
            経路: {leak.Route ?? "不明"} / 項目: {string.Join("、", leak.Fields)} / トレース ID: {leak.TraceId
                ?? "なし"}
            運用ガイドの「インシデント当日」の手順に従い、監査ページ（/ops/audit/）で漏えい範囲レポートを作成してください。
            """;

    [LoggerMessage(LogLevel.Warning, "Access leak in campaign {Campaign}: notice sent to {Admins} admins")]
    private static partial void LogNoticed(ILogger logger, string campaign, int admins);
}
