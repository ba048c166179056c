namespace Habatan.Applications.Campaigns;

// For the operators: open a tranche, pull the kill switch (KillSwitch.cs), push the deadline.
// Every action leaves an audit row with a reason.
public static class CampaignOpsApi
{
    public static IEndpointRouteBuilder MapCampaignOpsApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/api/applications/ops/campaigns")
            .WithTags("Campaign operations")
            .RequireAuthorization(Policies.Operator);
        ops.MapPost("/", CreateAsync);
        ops.MapKillSwitch();
        ops.MapPost("/{code}/deadline", ExtendAsync);
        ops.MapGet("/{code}/audit", AuditAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(
        CreateCampaignRequest request,
        ClaimsPrincipal user,
        CampaignStore campaigns,
        DbSession session,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        if (!CampaignRequestValidation.TryValidate(request, out var campaign, out var errors))
            return ValidationProblems.Of(errors);
        if (!await campaigns.CreateAsync(campaign, user.Subject(), cancellationToken))
            return ValidationProblems.Of(new() { ["code"] = ["このコードのキャンペーンはすでにあります。"] });
        await session.CommitAsync(cancellationToken);
        var created = await campaigns.FindAsync(campaign.Code, cancellationToken);
        return TypedResults.Created($"/api/applications/campaigns", CampaignInfo.Of(created!, time.GetUtcNow()));
    }

    private static async Task<IResult> ExtendAsync(
        string code,
        ExtendDeadlineRequest request,
        ClaimsPrincipal user,
        CampaignStore campaigns,
        DbSession session,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Reason))
            errors["reason"] = ["理由を入力してください。"];
        if (!Jst.TryParse(request.ClosesAt, out var closesAt))
            errors["closesAt"] = ["締切日時を 2025-11-21T20:00 の形式（日本時間）で入力してください。"];
        if (errors.Count > 0)
            return ValidationProblems.Of(errors);

        var campaign = await campaigns.FindAsync(code, cancellationToken, "FOR UPDATE");
        if (campaign is null)
            return CampaignProblems.NotFound();
        if (closesAt <= campaign.ClosesAt)
            return ValidationProblems.Of(
                new()
                {
                    ["closesAt"] =
                    [
                        $"延長後の締切は現在の締切（{Jst.Display(campaign.ClosesAt)}）より後にしてください。",
                    ],
                }
            );

        await campaigns.SetClosesAtAsync(campaign.Id, closesAt, cancellationToken);
        await campaigns.AuditAsync(
            campaign.Id,
            user.Subject(),
            "deadline-extended",
            request.Reason!.Trim(),
            $"{Jst.Display(campaign.ClosesAt)} → {Jst.Display(closesAt)}",
            cancellationToken
        );
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(CampaignInfo.Of(campaign with { ClosesAt = closesAt }, time.GetUtcNow()));
    }

    private static async Task<IResult> AuditAsync(
        string code,
        CampaignStore campaigns,
        CancellationToken cancellationToken
    )
    {
        var campaign = await campaigns.FindAsync(code, cancellationToken);
        if (campaign is null)
            return CampaignProblems.NotFound();
        return TypedResults.Ok(await campaigns.AuditTrailAsync(campaign.Id, cancellationToken));
    }
}

public sealed record CreateCampaignRequest(
    string? Code,
    string? Name,
    string? OpensAt,
    string? ClosesAt,
    long? UnitPriceYen,
    int? PremiumRatePercent,
    int? UnitLimit,
    bool? HouseholdMembersRequired,
    IReadOnlyList<string>? AcceptedDocuments
);

public sealed record ReasonRequest([property: MultiLineText] string? Reason);

public sealed record ExtendDeadlineRequest(string? ClosesAt, [property: MultiLineText] string? Reason);
