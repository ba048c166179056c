using Habatan.Members.Audiences;
using Habatan.Members.Entitlements;
using Habatan.Members.Imports;
using Habatan.ServiceDefaults.Identity;

namespace Habatan.Members.Extensions;

public static class OpsApi
{
    // Everything under /api/members/ops is for operators (the gateway's "members-ops" route
    // requires the same policy before a request gets here).
    public static IEndpointRouteBuilder MapOpsApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/api/members/ops").WithTags("Ops").RequireAuthorization(Policies.Operator);
        ops.MapImportsApi();
        ops.MapEntitlementsApi();
        ops.MapAudiencesApi();
        return app;
    }
}
