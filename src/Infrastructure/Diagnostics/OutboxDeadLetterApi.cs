using Habatan.Infrastructure.Data;
using Habatan.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Habatan.Infrastructure.Diagnostics;

// For the engineer on call: the messages this service could not publish (OutboxDeliveryService),
// newest first, with what went wrong and when it was first and last tried. Read only: a fix is a
// deliberate act in SQL (re-insert into outbox_message, or delete), not a button.
public static class OutboxDeadLetterApi
{
    private const int Shown = 100;

    public static IEndpointRouteBuilder MapOutboxDeadLetterApi(this IEndpointRouteBuilder app, string serviceName)
    {
        // Under the service's ops path, which the gateway already routes to operators.
        app.MapGet($"/api/{serviceName}/ops/outbox/dead-letters", ListAsync)
            .WithTags("Diagnostics")
            // Roles named as data, so the OpenAPI document can say who gets 403.
            .RequireAuthorization(new AuthorizeAttribute { Roles = $"{Roles.Operator},{Roles.Admin}" });
        return app;
    }

    private static async Task<IResult> ListAsync(DbSession session, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync(
            """
            SELECT message_id, message_type, attempts, last_error, first_attempt_at, last_attempt_at,
                   dead_lettered_at, count(*) OVER () AS total
            FROM outbox_dead_letter
            ORDER BY dead_lettered_at DESC, sequence_number DESC
            LIMIT $1
            """,
            reader =>
                (
                    Total: reader.GetInt64(7),
                    Letter: new DeadLetter(
                        reader.GetGuid(0),
                        reader.GetString(1),
                        reader.GetInt32(2),
                        reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                        reader.GetFieldValue<DateTimeOffset>(6)
                    )
                ),
            cancellationToken,
            Shown
        );
        var total = rows.Count == 0 ? 0 : rows[0].Total;
        return TypedResults.Ok(new DeadLetters(total, rows.Select(r => r.Letter).ToList()));
    }
}

public sealed record DeadLetter(
    Guid MessageId,
    string MessageType,
    int Attempts,
    string? Error,
    DateTimeOffset? FirstTriedAt,
    DateTimeOffset? LastTriedAt,
    DateTimeOffset DeadLetteredAt
);

public sealed record DeadLetters(long Total, IReadOnlyList<DeadLetter> Messages);
