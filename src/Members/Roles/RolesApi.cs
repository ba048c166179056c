namespace Habatan.Members.Roles;

public static class RolesApi
{
    public static IEndpointRouteBuilder MapRolesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/members/admin/roles", GrantAsync).WithTags("Roles").RequireAuthorization(Policies.Admin);
        return app;
    }

    // Takes effect at the member's next sign-in, when the new token carries the role.
    private static async Task<IResult> GrantAsync(
        GrantRoleRequest request,
        ClaimsPrincipal admin,
        RoleGrants grants,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (EmailAddress.Parse(request.Email, out var email) is { } refused)
            errors["email"] = [refused];
        if (request.Role is null || !ServiceDefaults.Identity.Roles.All.Contains(request.Role))
            errors["role"] =
            [
                $"役割は {string.Join(", ", ServiceDefaults.Identity.Roles.All)} のいずれかを指定してください。",
            ];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "入力内容を確認してください。");

        await grants.GrantAsync(
            email.Value,
            request.Role!,
            admin.FindFirstValue(TokenParameters.SubjectClaim)!,
            cancellationToken
        );
        await session.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}

public sealed record GrantRoleRequest(string? Email, string? Role);
