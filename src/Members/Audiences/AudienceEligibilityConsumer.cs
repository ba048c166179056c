using Habatan.Contracts.Audiences;
using Habatan.Infrastructure;
using MassTransit;

namespace Habatan.Members.Audiences;

// Eligibility at send time (issue #17, point 6): the fan-out asks before each batch which of its
// members are still in the audience's condition. Read-only, answered with the same condition as
// the snapshot; only members asked about can be named, so the answer can shrink a batch, never
// grow it. An unknown audience answers nobody: a batch nobody can vouch for is not sent.
public sealed partial class AudienceEligibilityConsumer(
    DbSession session,
    TimeProvider time,
    ILogger<AudienceEligibilityConsumer> logger
) : IConsumer<CheckAudienceEligibility>
{
    // A batch is at most a few hundred members; more than this is not a batch.
    public const int MaxMembers = 10_000;

    public async Task Consume(ConsumeContext<CheckAudienceEligibility> context)
    {
        var request = context.Message;
        var condition = AudienceConditions.For(request.Audience);
        List<EligibleMember> eligible = [];
        if (condition is not null && request.MemberIds.Count <= MaxMembers)
            eligible = await session.QueryAsync(
                $"""
                SELECT m.public_id, m.email_opt_in, m.inbox_opt_in
                {condition}
                  AND m.public_id = ANY($1)
                """,
                reader => new EligibleMember(reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2)),
                context.CancellationToken,
                request.MemberIds.ToArray(),
                request.CampaignCode,
                AudienceConditions.DayInJapan(time.GetUtcNow())
            );
        // The asker stops waiting at AnswerWithin, so an answer the broker has not confirmed by
        // then is of no use; waiting on for a confirm that never comes (BrokerCalls) would hold
        // this consumer's slot for good, and enough such slots would pause every fan-out.
        var within = CheckAudienceEligibility.AnswerWithin;
        try
        {
            await BrokerCalls.WithinAsync(
                _ => context.RespondAsync(new AudienceEligibility(eligible)),
                within,
                CancellationToken.None
            );
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            LogAnswerNotConfirmed(logger, request.ReminderId, within.TotalSeconds);
        }
    }

    [LoggerMessage(
        LogLevel.Warning,
        "Eligibility answer for reminder {ReminderId} not confirmed by the broker within {Seconds} s; "
            + "given up, the fan-out asks again"
    )]
    private static partial void LogAnswerNotConfirmed(ILogger logger, Guid reminderId, double seconds);
}
