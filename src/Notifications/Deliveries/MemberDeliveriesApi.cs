using System.Diagnostics;
using System.Text.RegularExpressions;
using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Deliveries;

// Per-recipient lookup (issue #17, point 5): a member's deliveries across reminders (reminder,
// channel, status, time, the recorded reply), newest first, for the operator answering "did my
// reminder reach this member?". The member is named by public id; the answer carries no address.
// The read and its access-audit row commit together, before anything is returned.
public static partial class MemberDeliveriesApi
{
    public const string Path = "/api/notifications/ops/members/{memberId}/deliveries";

    private static readonly string[] Fields =
    [
        "delivery.channel",
        "delivery.status",
        "delivery.time",
        "delivery.reply",
    ];

    public static IEndpointRouteBuilder MapMemberDeliveriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, LookUpAsync).WithTags("Deliveries").RequireAuthorization(Policies.Operator);
        return app;
    }

    private static async Task<IResult> LookUpAsync(
        string memberId,
        ClaimsPrincipal user,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        if (!PublicId().IsMatch(memberId))
            return ReminderProblems.Invalid(
                new() { ["memberId"] = ["会員IDは32桁の英小文字・数字（0-9, a-f）で指定してください。"] }
            );
        var deliveries = await session.QueryAsync(
            """
            SELECT d.reminder_id, c.name, d.channel, d.status, coalesce(d.sent_at, d.claimed_at), d.error,
                   d.reply_code, d.attempts
            FROM reminder_delivery d
            JOIN reminder c ON c.id = d.reminder_id
            WHERE d.member_id = $1
            ORDER BY d.id DESC
            LIMIT 500
            """,
            reader => new MemberDelivery(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.GetInt32(7)
            ),
            cancellationToken,
            memberId
        );
        await session.ExecuteAsync(
            """
            INSERT INTO access_audit (actor_subject, actor_role, owner_subject, fields, trace_id)
            VALUES ($1, 'operator', $2, $3, $4)
            """,
            cancellationToken,
            RemindersApi.Caller(user),
            memberId,
            Fields,
            Activity.Current?.TraceId.ToString()
        );
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(deliveries);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex PublicId();
}

// Reply: what the send recorded (the failure's kind or reply; "no longer eligible" for a skip
// at send time); null for a delivery made. ReplyCode: the SMTP server's code when it answered
// (e.g. 550), the figure ops quote to the relay's operator. Attempts: sends tried so far.
public sealed record MemberDelivery(
    Guid ReminderId,
    string ReminderName,
    string Channel,
    string Status,
    DateTimeOffset? At,
    string? Reply,
    int? ReplyCode,
    int Attempts
);
