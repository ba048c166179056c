using System.Diagnostics;
using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Audit;

// Writes who read whose data, which fields, when and under which trace, in the reading unit of
// work: the read and its audit row commit together or not at all.
public sealed class AccessAudit(DbSession session)
{
    public Task RecordAsync(
        string actor,
        Actor role,
        string owner,
        long applicationId,
        IReadOnlyList<string> fields,
        CancellationToken cancellationToken
    ) =>
        session.ExecuteAsync(
            """
            INSERT INTO access_audit (actor_subject, actor_role, owner_subject, application_id, fields, trace_id)
            VALUES ($1, $2, $3, $4, $5, $6)
            """,
            cancellationToken,
            actor,
            role == Actor.Reviewer ? "reviewer" : "applicant",
            owner,
            applicationId,
            fields.ToArray(),
            Activity.Current?.TraceId.ToString()
        );
}
