namespace Habatan.Members.Audiences;

// Ops see every snapshot Members froze: figures only (count, bound, digest). The recipients
// themselves stay in the snapshot tables and travel only to Notifications.
public static class AudiencesApi
{
    private const string Columns = """
        id, request_id, reminder_id, audience, campaign_code, recipient_count, bound, digest, chunk_size, chunk_count,
        resolved_at
        """;

    // An operator route: the gateway's "members-ops" route requires the same policy before a
    // request gets here.
    public static IEndpointRouteBuilder MapAudiencesApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/api/members/ops").WithTags("Audiences").RequireAuthorization(Policies.Operator);
        ops.MapGet(
            "/audiences",
            async (DbSession session, CancellationToken cancellationToken, string? campaignCode, int? limit) =>
                await QueryAsync(
                    session,
                    $"""
                    SELECT {Columns}
                    FROM audience_snapshot
                    WHERE $1::text IS NULL OR campaign_code = $1
                    ORDER BY resolved_at DESC
                    LIMIT $2
                    """,
                    cancellationToken,
                    campaignCode,
                    Math.Clamp(limit ?? 50, 1, 500)
                )
        );
        ops.MapGet(
            "/audiences/{id:guid}",
            async Task<IResult> (Guid id, DbSession session, CancellationToken cancellationToken) =>
                (
                    await QueryAsync(
                        session,
                        $"SELECT {Columns} FROM audience_snapshot WHERE id = $1",
                        cancellationToken,
                        id
                    )
                )
                    is [var snapshot]
                    ? TypedResults.Ok(snapshot)
                    : TypedResults.Problem(
                        title: "スナップショットが見つかりません。",
                        statusCode: StatusCodes.Status404NotFound
                    )
        );
        return app;
    }

    private static Task<List<AudienceSnapshotView>> QueryAsync(
        DbSession session,
        string sql,
        CancellationToken cancellationToken,
        params object?[] values
    ) =>
        session.QueryAsync(
            sql,
            reader => new AudienceSnapshotView(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetGuid(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt32(5),
                reader.GetInt32(6),
                reader.GetString(7),
                reader.GetInt32(8),
                reader.GetInt32(9),
                reader.GetFieldValue<DateTimeOffset>(10)
            ),
            cancellationToken,
            values
        );
}

public sealed record AudienceSnapshotView(
    Guid SnapshotId,
    Guid RequestId,
    Guid ReminderId,
    string Audience,
    string CampaignCode,
    int Count,
    int Bound,
    string Digest,
    int ChunkSize,
    int ChunkCount,
    DateTimeOffset ResolvedAt
);
