namespace Habatan.Members.Audit;

// For auditors: "who read member Y's data", "what did actor X read" and "who read import Z's
// error cells", newest first, each answered from its own index (0004_access_audit.sql). The
// same shape as Applications' /api/applications/audit routes; a member's public id is the
// subject both trails are keyed by.
public static class AuditApi
{
    private const int MaxRows = 500;

    private const string Columns = "actor_subject, actor_role, owner_subject, import_id, fields, read_at, trace_id";

    public const string ByMemberSql =
        $"SELECT {Columns} FROM access_audit WHERE owner_subject = $1 ORDER BY read_at DESC LIMIT $2";

    public const string ByActorSql =
        $"SELECT {Columns} FROM access_audit WHERE actor_subject = $1 ORDER BY read_at DESC LIMIT $2";

    public const string ByImportSql =
        $"SELECT {Columns} FROM access_audit WHERE import_id = $1 ORDER BY read_at DESC LIMIT $2";

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/members/audit").WithTags("Access audit").RequireAuthorization(Policies.Auditor);
        audit.MapGet(
            "/members/{memberId}/reads",
            (string memberId, int? limit, DbSession session, CancellationToken cancellationToken) =>
                ReadAsync(ByMemberSql, memberId, limit, session, cancellationToken)
        );
        audit.MapGet(
            "/actors/{subject}/reads",
            (string subject, int? limit, DbSession session, CancellationToken cancellationToken) =>
                ReadAsync(ByActorSql, subject, limit, session, cancellationToken)
        );
        audit.MapGet(
            "/imports/{id:guid}/reads",
            (Guid id, int? limit, DbSession session, CancellationToken cancellationToken) =>
                ReadAsync(ByImportSql, id, limit, session, cancellationToken)
        );
        return app;
    }

    private static Task<List<AccessRecord>> ReadAsync(
        string sql,
        object key,
        int? limit,
        DbSession session,
        CancellationToken cancellationToken
    ) =>
        session.QueryAsync(
            sql,
            reader => new AccessRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetFieldValue<string[]>(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)
            ),
            cancellationToken,
            key,
            Math.Clamp(limit ?? 100, 1, MaxRows)
        );
}

// Owner is the member whose data was read (their public id); ImportId the import whose error
// cells were read. Exactly one of them is set.
public sealed record AccessRecord(
    string Actor,
    string ActorRole,
    string? Owner,
    Guid? ImportId,
    IReadOnlyList<string> Fields,
    DateTimeOffset ReadAt,
    string? TraceId
);
