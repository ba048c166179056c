using System.Diagnostics;
using Habatan.Contracts.Applications;
using Habatan.Infrastructure.Outbox;

namespace Habatan.Applications.Lifecycle;

// Moves an application along an allowed edge, records who, when and why, and publishes what
// the change causes in the same transaction: a correction request mails the applicant
// (Notifications), an approval becomes the member's entitlement (Members).
public sealed class ApplicationTransitions(DbSession session, IOutbox outbox, TimeProvider time)
{
    public async Task<DateTimeOffset> ApplyAsync(
        ApplicationRecord application,
        ApplicationStatus to,
        Actor by,
        string actor,
        string reason,
        IReadOnlyList<string> items,
        CancellationToken cancellationToken
    )
    {
        ReviewerIsNotTheApplicant.Guard(application, by, actor);
        StatusTransitions.Guard(application.Status, to, by);
        var now = time.GetUtcNow();
        await session.ExecuteAsync(
            "UPDATE application SET status = $2, updated_at = $3 WHERE id = $1",
            cancellationToken,
            application.Id,
            to.ToString(),
            now
        );
        await session.ExecuteAsync(
            """
            INSERT INTO application_event
                (application_id, from_status, to_status, actor, actor_role, reason, items, at, trace_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            cancellationToken,
            application.Id,
            application.Status.ToString(),
            to.ToString(),
            actor,
            by == Actor.Reviewer ? "reviewer" : "applicant",
            reason,
            items.ToArray(),
            now,
            Activity.Current?.TraceId.ToString()
        );

        var number = ApplicationNumber.Display(application.Number);
        if (to == ApplicationStatus.NeedsCorrection)
            await outbox.PublishAsync(
                new ApplicationCorrectionRequested(
                    Guid.NewGuid(),
                    number,
                    application.CampaignCode,
                    application.Owner,
                    application.Email,
                    items,
                    now
                ),
                cancellationToken
            );
        if (to == ApplicationStatus.Approved)
        {
            // Whole yen: units x unit price, and the premium on it rounded down.
            var purchase = checked(application.Units * application.UnitPriceYen);
            await outbox.PublishAsync(
                new ApplicationApproved(
                    number,
                    application.CampaignCode,
                    application.Owner,
                    application.Units,
                    purchase,
                    checked(purchase * application.PremiumRatePercent / 100),
                    now
                ),
                cancellationToken
            );
        }
        return now;
    }
}
