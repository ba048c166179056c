using MassTransit;

namespace Habatan.Notifications.Reminders;

// One reminder's saga, stored as JSON in saga_instance. Declared, resolved and bound
// sit side by side so a stopped reminder shows why.
public sealed class ReminderState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public string? CurrentState { get; set; }

    public int Version { get; set; }

    public string RequestedBy { get; set; } = "";

    // Whoever last changed what would be approved (created it, corrected the count, asked for a
    // new snapshot): like the requester, never the approver.
    public string LastChangedBy { get; set; } = "";

    public string Audience { get; set; } = "";

    public string CampaignCode { get; set; } = "";

    public int DeclaredCount { get; set; }

    // The ResolveAudience request the saga waits for; a snapshot answering an older one is stale.
    public Guid AudienceRequestId { get; set; }

    public Guid? SnapshotId { get; set; }

    public string? Digest { get; set; }

    public int? ResolvedCount { get; set; }

    public int? Bound { get; set; }

    // Why reconciliation or resolution failed, in words an operator can act on.
    public string? Problem { get; set; }

    public Guid? ApprovedSnapshotId { get; set; }

    public string? ApprovedDigest { get; set; }

    public int? ApprovedCount { get; set; }

    public string? ApprovedBy { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
