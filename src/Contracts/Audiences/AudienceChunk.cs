namespace Habatan.Contracts.Audiences;

// One slice of a snapshot's recipients, in member id order. Index runs 0..ChunkCount-1.
public sealed record AudienceChunk(
    Guid ReminderId,
    Guid SnapshotId,
    int Index,
    IReadOnlyList<AudienceRecipient> Recipients
);

// What a send needs and nothing more: the member's public id, the email address (null when
// the member has none reachable) and whether the in-app inbox may be used.
public sealed record AudienceRecipient(string MemberId, string? Email, bool InboxOptIn);
