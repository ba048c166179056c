using System.Diagnostics;

namespace Habatan.Members.Audit;

// Writes who read whose data, which fields, when and under which trace, in the reading unit of
// work (as Applications' AccessAudit does): the read and its audit row commit together or not
// at all. Ops routes are the only readers of personal data here, under the operator policy.
public sealed class AccessAudit(DbSession session)
{
    private const string OperatorRole = "operator";

    public Task MemberReadAsync(
        string actor,
        string memberId,
        IReadOnlyList<string> fields,
        CancellationToken cancellationToken
    ) => RecordAsync(actor, memberId, null, fields, cancellationToken);

    public Task ImportReadAsync(
        string actor,
        Guid importId,
        IReadOnlyList<string> fields,
        CancellationToken cancellationToken
    ) => RecordAsync(actor, null, importId, fields, cancellationToken);

    private async Task RecordAsync(
        string actor,
        string? memberId,
        Guid? importId,
        IReadOnlyList<string> fields,
        CancellationToken cancellationToken
    ) =>
        await session.ExecuteAsync(
            """
            INSERT INTO access_audit (actor_subject, actor_role, owner_subject, import_id, fields, trace_id)
            VALUES ($1, $2, $3, $4, $5, $6)
            """,
            cancellationToken,
            actor,
            OperatorRole,
            memberId,
            importId,
            fields.ToArray(),
            Activity.Current?.TraceId.ToString()
        );
}
