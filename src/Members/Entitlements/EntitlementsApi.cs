namespace Habatan.Members.Entitlements;

public static class EntitlementsApi
{
    // Ops look up a member's entitlements by the member's public id (an ops route: the
    // operator policy, not the id, is what authorises it, and the gateway's "members-ops" route
    // requires the same policy before a request gets here; the read is audited).
    public static IEndpointRouteBuilder MapEntitlementsApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/api/members/ops").WithTags("Entitlements").RequireAuthorization(Policies.Operator);
        ops.MapGet("/members/{memberId}/entitlements", ListAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(
        string memberId,
        ClaimsPrincipal user,
        EntitlementReader reader,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        var entitlements = await reader.ReadAsync(
            memberId,
            user.FindFirstValue(TokenParameters.SubjectClaim)!,
            cancellationToken
        );
        if (entitlements is null)
            return TypedResults.Problem(
                title: "会員が見つかりません。",
                detail: "会員ID（32桁）を確認してください。",
                statusCode: StatusCodes.Status404NotFound
            );
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(entitlements);
    }
}
