using Habatan.Notifications.Email;

namespace Habatan.Notifications.Reminders;

// What GET .../reminders/{id} answers: the state with declared, resolved and bound side by
// side, the snapshot an approver signs off on, the text that will go out and the test sends.
// Seed addresses are masked like every address this service shows.
public sealed record ReminderView(
    Guid Id,
    string Name,
    string State,
    bool Halted,
    string Audience,
    string CampaignCode,
    IReadOnlyList<string> Channels,
    string Subject,
    string Body,
    DateTimeOffset SendFrom,
    DateTimeOffset SendUntil,
    int MessagesPerSecond,
    IReadOnlyList<string> SeedList,
    string RequestedBy,
    Guid? CorrectionOf,
    int? Declared,
    int? Resolved,
    int? Bound,
    string? Problem,
    Guid? SnapshotId,
    string? Digest,
    Guid? ApprovedSnapshotId,
    string? ApprovedDigest,
    int? Approved,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<TestSend> TestSends,
    DateTimeOffset CreatedAt,
    Guid? FollowUpOf
)
{
    // Before the saga has picked the reminder up.
    public const string Requested = "Requested";

    public static ReminderView From(ReminderRow row, ReminderState? saga, IReadOnlyList<TestSend> testSends) =>
        new(
            row.Id,
            row.Name,
            saga?.CurrentState ?? Requested,
            row.Halted,
            row.Audience,
            row.CampaignCode,
            row.Channels,
            row.Subject,
            row.Body,
            row.SendFrom,
            row.SendUntil,
            row.MessagesPerSecond,
            [.. row.SeedList.Select(EmailMask.Mask)],
            row.RequestedBy,
            row.CorrectionOf,
            saga?.DeclaredCount,
            saga?.ResolvedCount,
            saga?.Bound,
            saga?.Problem,
            saga?.SnapshotId,
            saga?.Digest,
            saga?.ApprovedSnapshotId,
            saga?.ApprovedDigest,
            saga?.ApprovedCount,
            saga?.ApprovedBy,
            saga?.ApprovedAt,
            saga?.CompletedAt,
            testSends,
            row.CreatedAt,
            row.FollowUpOf
        );
}
