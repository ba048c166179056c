namespace Habatan.Contracts.Audiences;

// Members froze a snapshot. Count is the number of recipients; Bound is the number of members
// entitled in the campaign (no audience may exceed it); Digest is AudienceDigest over the
// sorted recipient member ids. The recipients follow in ChunkCount AudienceChunk messages,
// which may arrive before or after this one: the receiver checks that they add up to Count
// and Digest before trusting any of them.
public sealed record AudienceResolved(
    Guid RequestId,
    Guid ReminderId,
    Guid SnapshotId,
    string Audience,
    string CampaignCode,
    int Count,
    int Bound,
    string Digest,
    int ChunkCount,
    DateTimeOffset ResolvedAt
);

// The request named an audience or campaign Members does not know, or resolution failed.
public sealed record AudienceResolutionFailed(Guid RequestId, Guid ReminderId, string Reason);
