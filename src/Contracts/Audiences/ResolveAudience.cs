namespace Habatan.Contracts.Audiences;

// Notifications asks Members to resolve a named audience for a voucher campaign and freeze it
// as a snapshot. ReminderId is the asking saga's correlation id; RequestId is new
// for every request, so asking again yields a new snapshot (with the same digest if nothing
// changed in between). MemberIds is the list for the listed-members audience, null for any other.
public sealed record ResolveAudience(
    Guid RequestId,
    Guid ReminderId,
    string Audience,
    string CampaignCode,
    DateTimeOffset RequestedAt,
    IReadOnlyList<string>? MemberIds = null
);
