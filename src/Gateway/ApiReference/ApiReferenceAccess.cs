using Habatan.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Habatan.Gateway.ApiReference;

// Who may read the API reference and the documents behind it: anyone with an ops role, and in
// Development anyone at all ("ApiReference:OpenToAnyone", which defaults to the environment).
// The documents name every route and field, not any person's data, but they are no business of
// an applicant's.
internal static class ApiReferenceAccess
{
    public const string Policy = "api-reference";

    public static IHostApplicationBuilder AddApiReferenceAccess(this IHostApplicationBuilder builder)
    {
        var openToAnyone = builder.Configuration.GetValue(
            "ApiReference:OpenToAnyone",
            builder.Environment.IsDevelopment()
        );
        builder.Services.Configure<AuthorizationOptions>(options =>
            options.AddPolicy(
                Policy,
                policy =>
                {
                    if (openToAnyone)
                        policy.RequireAssertion(_ => true);
                    else
                        policy.RequireRole(Roles.All);
                }
            )
        );
        return builder;
    }
}
