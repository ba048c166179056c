namespace Habatan.Contracts.Audit;

// A notice for the ops staff named (members' public ids), posted once per member to the in-app
// inbox by Notifications. Members sends it, since only Members knows who holds which role.
public sealed record AdminNoticeRequested(Guid NoticeId, IReadOnlyList<string> MemberIds, string Subject, string Body);
