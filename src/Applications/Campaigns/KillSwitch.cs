namespace Habatan.Applications.Campaigns;

// The kill switch (DESIGN.md, incident 1, point 7): an operator suspends a tranche and, in the same
// moment, intake refuses new applications (Campaign.IntakeState is Suspended, 503), My Page stops
// showing the tranche's applications and refuses corrections to them; resuming lets both go
// again. The switch is the campaign's suspended_at column, so every reader sees it at once.
public static class KillSwitch
{
    public static RouteGroupBuilder MapKillSwitch(this RouteGroupBuilder ops)
    {
        ops.MapPost(
            "/{code}/suspend",
            (
                string code,
                ReasonRequest request,
                ClaimsPrincipal user,
                CampaignStore campaigns,
                DbSession session,
                TimeProvider time,
                CancellationToken ct
            ) => SwitchAsync(code, request, suspend: true, user, campaigns, session, time, ct)
        );
        ops.MapPost(
            "/{code}/resume",
            (
                string code,
                ReasonRequest request,
                ClaimsPrincipal user,
                CampaignStore campaigns,
                DbSession session,
                TimeProvider time,
                CancellationToken ct
            ) => SwitchAsync(code, request, suspend: false, user, campaigns, session, time, ct)
        );
        return ops;
    }

    private static async Task<IResult> SwitchAsync(
        string code,
        ReasonRequest request,
        bool suspend,
        ClaimsPrincipal user,
        CampaignStore campaigns,
        DbSession session,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
            return ValidationProblems.Of(new() { ["reason"] = ["理由を入力してください。"] });
        var campaign = await campaigns.FindAsync(code, cancellationToken, "FOR UPDATE");
        if (campaign is null)
            return CampaignProblems.NotFound();
        // Switching to the state it is already in changes nothing but is still recorded: ops
        // should see every time someone reached for the switch.
        var now = time.GetUtcNow();
        if (suspend != campaign.SuspendedAt is not null)
            await campaigns.SetSuspendedAsync(campaign.Id, suspend ? now : null, cancellationToken);
        await campaigns.AuditAsync(
            campaign.Id,
            user.Subject(),
            suspend ? "suspended" : "resumed",
            request.Reason.Trim(),
            null,
            cancellationToken
        );
        await session.CommitAsync(cancellationToken);
        var switched = campaign with { SuspendedAt = suspend ? campaign.SuspendedAt ?? now : null };
        return TypedResults.Ok(CampaignInfo.Of(switched, now));
    }
}
