namespace Habatan.Members.Audiences;

// Members' own order to itself, written with AudienceResolved in the resolving transaction:
// publish the frozen snapshot's recipients as AudienceChunks. Never leaves Members.
public sealed record PublishAudienceChunks(Guid SnapshotId);
