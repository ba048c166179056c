using Habatan.ServiceDefaults.Input;

namespace Habatan.Notifications.Reminders;

// Body of POST /api/notifications/ops/reminders and of .../{id}/corrections (where Audience is
// the audience to leave out, and CampaignCode is taken from the original reminder). MemberIds is
// the list of the listed-members audience (ListedMembers), and only of it.
public sealed record CreateReminderRequest(
    string? Name,
    string? Audience,
    string? CampaignCode,
    string? Subject,
    [property: MultiLineText] string? Body,
    IReadOnlyList<string>? Channels,
    int? DeclaredCount,
    DateTimeOffset? SendFrom,
    DateTimeOffset? SendUntil,
    int? MessagesPerSecond,
    IReadOnlyList<string>? SeedList,
    string? CampaignTitle,
    DateOnly? Deadline,
    IReadOnlyList<string>? MemberIds = null
);

public sealed record ReminderCreated(Guid Id);

public sealed record DeclaredCountRequest(int? DeclaredCount);

public sealed record ApproveRequest(Guid? SnapshotId, string? Digest);

public sealed record TestSendResult(Guid SnapshotId, IReadOnlyList<string> Recipients, DateTimeOffset SentAt);
