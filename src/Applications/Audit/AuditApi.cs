using Habatan.Applications.Campaigns;
using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Audit;

// For auditors: "who read application X" and "what did actor Y read", newest first, each
// answered from its own index (see 0001_applications.sql).
public static class AuditApi
{
    private const int MaxRows = 500;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/applications/audit")
            .WithTags("Access audit")
            .RequireAuthorization(Policies.Auditor);
        audit.MapGet("/applications/{number}/reads", ByApplicationAsync);
        audit.MapGet("/actors/{subject}/reads", ByActorAsync);
        return app;
    }

    public const string ByApplicationSql = """
        SELECT x.actor_subject, x.actor_role, x.owner_subject, a.public_id, x.fields, x.read_at, x.trace_id
        FROM access_audit x JOIN application a ON a.id = x.application_id
        WHERE x.application_id = (SELECT id FROM application WHERE public_id = $1)
        ORDER BY x.read_at DESC LIMIT $2
        """;

    public const string ByActorSql = """
        SELECT x.actor_subject, x.actor_role, x.owner_subject, a.public_id, x.fields, x.read_at, x.trace_id
        FROM access_audit x JOIN application a ON a.id = x.application_id
        WHERE x.actor_subject = $1
        ORDER BY x.read_at DESC LIMIT $2
        """;

    private static async Task<IResult> ByApplicationAsync(
        string number,
        int? limit,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        if (!ApplicationNumber.TryParse(number, out var stored))
            return ValidationProblems.Of(
                new() { ["number"] = ["申請番号の形式が正しくありません（例: 7KQ2-MX9D-4H8P-ZT3W-B6RC）。"] }
            );
        return TypedResults.Ok(await ReadAsync(ByApplicationSql, stored, limit, session, cancellationToken));
    }

    private static async Task<IResult> ByActorAsync(
        string subject,
        int? limit,
        DbSession session,
        CancellationToken cancellationToken
    ) => TypedResults.Ok(await ReadAsync(ByActorSql, subject, limit, session, cancellationToken));

    private static async Task<List<AccessRecord>> ReadAsync(
        string sql,
        string key,
        int? limit,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        await session.AsOpsAsync(cancellationToken);
        return await session.QueryAsync(
            sql,
            reader => new AccessRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                ApplicationNumber.Display(reader.GetString(3)),
                reader.GetFieldValue<string[]>(4),
                Jst.Of(reader.GetFieldValue<DateTimeOffset>(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6)
            ),
            cancellationToken,
            key,
            Math.Clamp(limit ?? 100, 1, MaxRows)
        );
    }
}

public sealed record AccessRecord(
    string Actor,
    string ActorRole,
    string Owner,
    string ApplicationNumber,
    IReadOnlyList<string> Fields,
    DateTimeOffset ReadAt,
    string? TraceId
);
