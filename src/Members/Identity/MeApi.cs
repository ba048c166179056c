namespace Habatan.Members.Identity;

public static class MeApi
{
    // Who the service believes the caller is: taken from the validated token alone, never from
    // a header or a parameter.
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(
                "/api/members/me",
                (ClaimsPrincipal user) =>
                    TypedResults.Ok(
                        new Caller(
                            user.FindFirstValue(TokenParameters.SubjectClaim)!,
                            user.FindAll(TokenParameters.RoleClaim)
                                .Select(c => c.Value)
                                .Order(StringComparer.Ordinal)
                                .ToList()
                        )
                    )
            )
            .WithTags("Identity")
            .RequireAuthorization(Policies.Member);
        return app;
    }
}

public sealed record Caller(string Subject, IReadOnlyList<string> Roles);
