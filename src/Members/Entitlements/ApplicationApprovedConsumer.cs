using Habatan.Contracts.Applications;
using Habatan.Contracts.Campaigns;
using MassTransit;

namespace Habatan.Members.Entitlements;

// An approved application becomes the member's entitlement in that campaign: units, won amount
// (what the member may pay in) and premium. Once per application: the inbox drops a redelivered
// message, and application_id is unique, so the same approval sent again under a new message id
// changes nothing either. An entitlement imported from the platform earlier takes the approval's
// figures and its application id.
public sealed partial class ApplicationApprovedConsumer(DbSession session, ILogger<ApplicationApprovedConsumer> logger)
    : IConsumer<ApplicationApproved>
{
    public async Task Consume(ConsumeContext<ApplicationApproved> context)
    {
        var approved = context.Message;
        // Refused, never folded: storing a second spelling of a campaign would split it silently.
        if (!CampaignCode.IsValid(approved.CampaignCode))
            throw new InvalidCampaignCodeException(nameof(ApplicationApproved), approved.CampaignCode);
        var memberId =
            await MemberKeys.InternalIdAsync(session, approved.MemberId, context.CancellationToken)
            ?? throw new MemberNotFoundException(approved.MemberId);

        var written = await session.ExecuteAsync(
            """
            INSERT INTO entitlement AS e
                (member_id, campaign_code, units, won_amount_yen, premium_amount_yen, application_id)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (campaign_code, member_id) DO UPDATE
                SET units = EXCLUDED.units, won_amount_yen = EXCLUDED.won_amount_yen,
                    premium_amount_yen = EXCLUDED.premium_amount_yen,
                    application_id = EXCLUDED.application_id, updated_at = now()
                WHERE e.application_id IS NULL
            """,
            context.CancellationToken,
            memberId,
            approved.CampaignCode,
            approved.Units,
            approved.PurchaseAmountYen,
            approved.PremiumAmountYen,
            approved.ApplicationId
        );
        if (written == 0)
            LogAlreadyEntitled(logger, approved.ApplicationId, approved.CampaignCode);
    }

    // The same approval again, or a second approval for a member who already has one in the
    // campaign (Applications allows one valid application per member and campaign): kept as is.
    [LoggerMessage(
        LogLevel.Information,
        "Application {ApplicationId}: the member already holds an entitlement from an approval in {CampaignCode};"
            + " unchanged"
    )]
    private static partial void LogAlreadyEntitled(ILogger logger, string applicationId, string campaignCode);
}
