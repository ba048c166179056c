using System.Security.Claims;
using Habatan.Infrastructure.Data;
using Habatan.ServiceDefaults.Identity;

namespace Habatan.Members.Entitlements;

public static class EntitlementsApi
{
    // Ops look up a member's entitlements by the member's public id (an ops route: the
    // operator policy, not the id, is what authorises it; the read is audited).
    public static RouteGroupBuilder MapEntitlementsApi(this RouteGroupBuilder ops)
    {
        ops.MapGet("/members/{memberId}/entitlements", ListAsync);
        return ops;
    }

    private static async Task<IResult> ListAsync(string memberId, ClaimsPrincipal user, EntitlementReader reader, DbSession session, CancellationToken cancellationToken)
    {
        var entitlements = await reader.ReadAsync(memberId, user.FindFirstValue(TokenParameters.SubjectClaim)!, cancellationToken);
        if (entitlements is null)
            return TypedResults.Problem(title: "会員が見つかりません。", detail: "会員ID（32桁）を確認してください。", statusCode: StatusCodes.Status404NotFound);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(entitlements);
    }
}
