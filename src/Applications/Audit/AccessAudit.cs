using System.Diagnostics;
using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Audit;

// Writes who read whose data, which fields, when, by which route and under which trace, in the
// reading unit of work: the read and its audit row commit together or not at all. A read by a
// member of someone else's data is the leak's signature: the tripwire takes over (LeakTripwire).
public sealed class AccessAudit(DbSession session, LeakTripwire tripwire, IHttpContextAccessor http)
{
    public async Task RecordAsync(
        string actor,
        Actor role,
        string owner,
        long applicationId,
        IReadOnlyList<string> fields,
        CancellationToken cancellationToken
    )
    {
        var route = (http.HttpContext?.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var read = new AuditedRead(actor, role, owner, applicationId, fields, route);
        if (LeakTripwire.IsLeak(actor, role, owner))
        {
            await tripwire.TripAsync(read, cancellationToken);
            throw new AccessLeakRefusedException();
        }
        await InsertAsync(session, read, Activity.Current?.TraceId.ToString(), cancellationToken);
    }

    internal static Task InsertAsync(
        DbSession session,
        AuditedRead read,
        string? traceId,
        CancellationToken cancellationToken
    ) =>
        session.ExecuteAsync(
            """
            INSERT INTO access_audit
                (actor_subject, actor_role, owner_subject, application_id, fields, trace_id, route)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            cancellationToken,
            read.Actor,
            read.Role == Actor.Reviewer ? "reviewer" : "applicant",
            read.Owner,
            read.ApplicationId,
            read.Fields.ToArray(),
            traceId,
            read.Route
        );
}

public sealed record AuditedRead(
    string Actor,
    Actor Role,
    string Owner,
    long ApplicationId,
    IReadOnlyList<string> Fields,
    string? Route
);
