using Habatan.Contracts.Audiences;
using Habatan.Infrastructure;
using MassTransit;

namespace Habatan.Notifications.FanOut;

// Eligibility at send time, shrink only (issue #17, point 6). Before a claimed batch is sent,
// Members is asked which of its members are still in the audience's condition (charged in full
// since the snapshot, withdrawn or opted out: no longer). Their deliveries become Skipped with
// the reason "no longer eligible" and are reported as such; the rest are sent. The answer can
// only drop members of the batch: nobody is ever added after approval. When Members cannot
// answer in time, nothing of the batch is sent: its rows go back to Pending (nothing left this
// process for them) and the next pass asks again. A correction is not checked: its audience is
// "who should not have received the original", which no later change in Members can shrink.
public sealed partial class EligibilityAtSendTime(
    IServiceScopeFactory scopes,
    IClientFactory clients,
    ILogger<EligibilityAtSendTime> logger
)
{
    public const string NoLongerEligible = "no longer eligible";

    // The deliveries still to send, or null when Members did not answer (the batch is released).
    public async Task<IReadOnlyList<ClaimedDelivery>?> CheckAsync(
        Guid reminderId,
        IReadOnlyList<ClaimedDelivery> claimed,
        CancellationToken cancellationToken
    )
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        AudienceEligibility answer;
        // Whatever ends this before an answer (Members silent, the host stopping, the database)
        // releases the batch: a claimed row left behind would be reported Unknown, never sent.
        try
        {
            if (await AudienceOfAsync(session, reminderId, cancellationToken) is not { } audience)
                return claimed;
            // Bounded as a whole, send included (BrokerCalls): a check waiting on a confirm that
            // never came held the sender's loop, and every reminder behind it (the cluster drill).
            var client = clients.CreateRequestClient<CheckAudienceEligibility>(CheckAudienceEligibility.AnswerWithin);
            var question = new CheckAudienceEligibility(
                reminderId,
                audience.Audience,
                audience.CampaignCode,
                [.. claimed.Select(d => d.MemberId).Distinct(StringComparer.Ordinal)]
            );
            var response = await BrokerCalls.WithinAsync(
                token => client.GetResponse<AudienceEligibility>(question, token),
                CheckAudienceEligibility.AnswerWithin,
                cancellationToken
            );
            answer = response.Message;
        }
        catch (Exception ex)
        {
            await ReleaseAsync(reminderId, claimed);
            LogUnanswered(logger, reminderId, claimed.Count, ex.GetType().Name);
            if (cancellationToken.IsCancellationRequested)
                throw;
            return null;
        }

        var eligible = answer.Eligible.ToDictionary(e => e.MemberId, StringComparer.Ordinal);
        var skipped = claimed.Where(d => !Allows(eligible.GetValueOrDefault(d.MemberId), d.Channel)).ToList();
        if (skipped.Count == 0)
            return claimed;
        await session.ExecuteAsync(
            """
            UPDATE reminder_delivery
            SET status = 'Skipped', error = $3
            WHERE reminder_id = $1 AND id = ANY($2) AND status = 'Claimed'
            """,
            CancellationToken.None,
            reminderId,
            skipped.Select(d => d.Id).ToArray(),
            NoLongerEligible
        );
        await session.CommitAsync(CancellationToken.None);
        LogSkipped(logger, reminderId, skipped.Count);
        var skippedIds = skipped.Select(d => d.Id).ToHashSet();
        return [.. claimed.Where(d => !skippedIds.Contains(d.Id))];
    }

    private static bool Allows(EligibleMember? member, string channel) =>
        member is not null && (channel == DeliveryChannels.Email ? member.Email : member.Inbox);

    private sealed record ReminderAudience(string Audience, string CampaignCode);

    private static async Task<ReminderAudience?> AudienceOfAsync(
        DbSession session,
        Guid reminderId,
        CancellationToken cancellationToken
    ) =>
        (
            await session.QueryAsync(
                "SELECT audience, campaign_code FROM reminder WHERE id = $1 AND correction_of IS NULL",
                reader => new ReminderAudience(reader.GetString(0), reader.GetString(1)),
                cancellationToken,
                reminderId
            )
        ).SingleOrDefault();

    // Nothing was sent for these rows: back to Pending, as if never claimed. Only rows still
    // Claimed change, so a row the sweep already called Unknown stays Unknown.
    // A unit of work of its own: the check's may have been cut off mid-statement.
    private async Task ReleaseAsync(Guid reminderId, IReadOnlyList<ClaimedDelivery> claimed)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.ExecuteAsync(
            """
            UPDATE reminder_delivery
            SET status = 'Pending', claimed_at = NULL, lease_until = NULL
            WHERE reminder_id = $1 AND id = ANY($2) AND status = 'Claimed'
            """,
            CancellationToken.None,
            reminderId,
            claimed.Select(d => d.Id).ToArray()
        );
        await session.CommitAsync(CancellationToken.None);
    }

    [LoggerMessage(
        LogLevel.Information,
        "Reminder {ReminderId}: {Count} deliveries skipped, their members no longer eligible"
    )]
    private static partial void LogSkipped(ILogger logger, Guid reminderId, int count);

    [LoggerMessage(
        LogLevel.Warning,
        "Reminder {ReminderId}: eligibility of a batch of {Count} not answered ({Error}); batch released, not sent"
    )]
    private static partial void LogUnanswered(ILogger logger, Guid reminderId, int count, string error);
}
