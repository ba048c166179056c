namespace Habatan.Applications.Campaigns;

// What the portal shows before anyone signs in: which campaigns exist, their window in JST,
// the price and limits, and whether intake is open right now.
public static class CampaignsApi
{
    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/applications/campaigns", ListAsync).WithTags("Campaigns").AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ListAsync(
        CampaignStore campaigns,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow();
        var list = await campaigns.ListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(c => CampaignInfo.Of(c, now)).ToList());
    }
}

public sealed record CampaignInfo(
    string Code,
    string Name,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    long UnitPriceYen,
    int PremiumRatePercent,
    int UnitLimit,
    bool HouseholdMembersRequired,
    IReadOnlyList<AcceptedDocument> AcceptedDocuments,
    string State,
    string Message
)
{
    public static CampaignInfo Of(Campaign campaign, DateTimeOffset now)
    {
        var state = campaign.StateAt(now);
        return new CampaignInfo(
            campaign.Code,
            campaign.Name,
            Jst.Of(campaign.OpensAt),
            Jst.Of(campaign.ClosesAt),
            campaign.UnitPriceYen,
            campaign.PremiumRatePercent,
            campaign.UnitLimit,
            campaign.HouseholdMembersRequired,
            [
                .. campaign
                    .AcceptedDocuments.Select(DocumentTypes.Find)
                    .OfType<DocumentType>()
                    .Select(d => new AcceptedDocument(d.Code, d.Label, d.Back.ToString())),
            ],
            state.ToString(),
            CampaignProblems.StateMessage(campaign, state)
        );
    }
}

public sealed record AcceptedDocument(string Code, string Label, string BackSide);
