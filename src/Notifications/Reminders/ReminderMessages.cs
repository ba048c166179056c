namespace Habatan.Notifications.Reminders;

// Messages inside Notifications, between its API, its snapshot consumers, its sender and the
// reminder saga. They go through the outbox like any other, so a state change and the event it
// causes commit together. Not contracts: no other service sees them.

// The operator created the reminder (its row is in `reminder`); the saga asks Members for the audience.
public sealed record ReminderRequested(
    Guid ReminderId,
    string Audience,
    string CampaignCode,
    int DeclaredCount,
    string RequestedBy
);

// The operator corrected the declared count: the audience is resolved and reconciled again.
public sealed record DeclaredCountCorrected(Guid ReminderId, int DeclaredCount, string CorrectedBy);

// The operator asked for a new snapshot of the same audience.
public sealed record AudienceReResolutionRequested(Guid ReminderId, string RequestedBy);

// Every chunk of a snapshot arrived and was checked against what Members announced (Problem is
// null when count and digest agree). For a correction reminder, the snapshot is the derived one.
public sealed record AudienceSnapshotReceived(
    Guid ReminderId,
    Guid RequestId,
    Guid SnapshotId,
    int Count,
    int Bound,
    string Digest,
    string? Problem
);

// A second person approved this exact snapshot (id and digest).
public sealed record ReminderApproved(Guid ReminderId, Guid SnapshotId, string Digest, string ApprovedBy);

// The sender found no delivery left to make for the reminder.
public sealed record ReminderFanOutCompleted(Guid ReminderId);

// The reminder's send window ended before it was approved (ReminderScheduler): it expires unsent.
public sealed record ReminderWindowClosed(Guid ReminderId, DateTimeOffset ClosedAt);
