namespace Habatan.Notifications.MemberInbox;

public sealed record InboxMessage(
    Guid Id,
    string Subject,
    string Body,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ReadAt
);

// アプリの「事務局からのお知らせ」. Whose notices are read comes from the token's subject alone;
// a message id in the path only picks one of the caller's own, and anyone else's is "not found".
// Both run as the member role, so row-level security (0009_member_inbox_row_security.sql) holds too.
public static class MemberInboxApi
{
    public static IEndpointRouteBuilder MapMemberInboxApi(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/api/notifications/inbox").WithTags("Inbox").RequireAuthorization(Policies.Member);
        inbox.MapGet("/", ListAsync);
        inbox.MapPost("/{id:guid}/read", MarkReadAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(
        ClaimsPrincipal user,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        await session.AsMemberAsync(user.FindFirstValue(TokenParameters.SubjectClaim)!, cancellationToken);
        var messages = await session.QueryAsync(
            """
            SELECT id, subject, body, created_at, read_at
            FROM member_inbox
            WHERE member_id = $1
            ORDER BY created_at DESC
            LIMIT 100
            """,
            reader => new InboxMessage(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)
            ),
            cancellationToken,
            user.FindFirstValue(TokenParameters.SubjectClaim)!
        );
        return TypedResults.Ok(messages);
    }

    private static async Task<IResult> MarkReadAsync(
        Guid id,
        ClaimsPrincipal user,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        await session.AsMemberAsync(user.FindFirstValue(TokenParameters.SubjectClaim)!, cancellationToken);
        var updated = await session.ExecuteAsync(
            """
            UPDATE member_inbox
            SET read_at = coalesce(read_at, now())
            WHERE id = $1 AND member_id = $2
            """,
            cancellationToken,
            id,
            user.FindFirstValue(TokenParameters.SubjectClaim)!
        );
        await session.CommitAsync(cancellationToken);
        return updated == 1
            ? TypedResults.NoContent()
            : TypedResults.Problem(
                title: "お知らせが見つかりません。",
                detail: "お知らせ一覧を開き直してください。",
                statusCode: StatusCodes.Status404NotFound
            );
    }
}
