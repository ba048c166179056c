using System.Diagnostics;
using Habatan.Applications.Campaigns;
using Habatan.Applications.Diagnostics;
using Habatan.Contracts.Audit;
using Habatan.Infrastructure.Outbox;

namespace Habatan.Applications.Audit;

// DESIGN.md "a leak stops itself". A member reading data whose owner is someone else cannot
// happen by design (owner filters, row-level security). If a bug or a new route ever does it,
// the audit row is written anyway, the campaign's kill switch trips, an error is logged, a
// metric counts it and every admin gets a notice; the reading request is then refused.
// All of this commits in a unit of work of its own, because the leaking request rolls back.
public sealed partial class LeakTripwire(
    IServiceScopeFactory scopes,
    ApplicationsMetrics metrics,
    TimeProvider time,
    ILogger<LeakTripwire> logger
)
{
    public const string Actor = "tripwire";

    public static bool IsLeak(string reader, Lifecycle.Actor role, string owner) =>
        role == Lifecycle.Actor.Applicant && !string.Equals(reader, owner, StringComparison.Ordinal);

    public async Task TripAsync(AuditedRead read, CancellationToken cancellationToken)
    {
        var traceId = Activity.Current?.TraceId.ToString();
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        // Not the request's token: the switch must trip even if the caller has gone away.
        await AccessAudit.InsertAsync(session, read, traceId, CancellationToken.None);
        var tripped = await session.QueryAsync(
            """
            UPDATE campaign c SET suspended_at = coalesce(c.suspended_at, $2)
            FROM application a
            WHERE a.id = $1 AND c.id = a.campaign_id
            RETURNING c.id, c.code, NOT EXISTS (
                SELECT FROM campaign_audit x
                WHERE x.campaign_id = c.id AND x.actor = $3 AND x.at > $2 - interval '10 minutes')
            """,
            reader => (Id: reader.GetInt64(0), Code: reader.GetString(1), Fresh: reader.GetBoolean(2)),
            CancellationToken.None,
            read.ApplicationId,
            time.GetUtcNow(),
            Actor
        );
        // A leaking route called again and again keeps its audit rows, log lines and metric, but
        // trips the switch and tells the admins once in ten minutes, not once a read.
        foreach (var campaign in tripped.Where(c => c.Fresh))
        {
            await scope
                .ServiceProvider.GetRequiredService<CampaignStore>()
                .AuditAsync(
                    campaign.Id,
                    Actor,
                    "suspended",
                    "本人以外による個人データの閲覧を検知したため、自動で停止し"
                        + "ました。",
                    $"route={read.Route}; trace={traceId}",
                    CancellationToken.None
                );
            await scope
                .ServiceProvider.GetRequiredService<IOutbox>()
                .PublishAsync(
                    new AccessLeakDetected(
                        Guid.NewGuid(),
                        Extensions.ServiceName.Value,
                        campaign.Code,
                        read.Route,
                        read.Fields,
                        traceId,
                        time.GetUtcNow()
                    ),
                    CancellationToken.None
                );
        }
        await session.CommitAsync(CancellationToken.None);
        metrics.LeakTripped(read.Route ?? "unknown");
        LogLeak(logger, tripped.Count == 1 ? tripped[0].Code : null, read.Route, traceId);
    }

    // Subjects are not logged: they are pseudonymous, but the trace id finds them in the audit.
    [LoggerMessage(
        LogLevel.Error,
        "ACCESS LEAK: a member read another's data; campaign {Campaign} suspended (route {Route}, trace {TraceId})"
    )]
    private static partial void LogLeak(ILogger logger, string? campaign, string? route, string? traceId);
}

// Thrown after the tripwire has done its work, so the leaking read never reaches the caller.
public sealed class AccessLeakRefusedException() : Exception("A read of another member's data was refused.");
