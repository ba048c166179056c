using Habatan.Members.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Habatan.Members.Roles;

public static partial class RolesApi
{
    public static IEndpointRouteBuilder MapRolesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/members/admin/roles", GrantAsync).WithTags("Roles").RequireAuthorization(Policies.Admin);
        app.MapPost("/api/members/admin/roles/revoke", RevokeAsync)
            .WithTags("Roles")
            .Produces<RoleRevoked>()
            .ProducesValidationProblem()
            .RequireAuthorization(Policies.Admin);
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
        if (Refused(request.Email, request.Role, out var email) is { } problem)
            return problem;

        await grants.GrantAsync(
            email.Value,
            request.Role!,
            admin.FindFirstValue(TokenParameters.SubjectClaim)!,
            cancellationToken
        );
        await session.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    // Takes effect at once: the member's live sessions end on every replica (SessionRevocation),
    // and their next sign-in issues a token without the role.
    private static async Task<IResult> RevokeAsync(
        GrantRoleRequest request,
        ClaimsPrincipal admin,
        RoleGrants grants,
        SessionRevocation revocation,
        DbSession session,
        ILogger<RoleGrants> logger,
        CancellationToken cancellationToken
    )
    {
        if (Refused(request.Email, request.Role, out var email) is { } problem)
            return problem;

        var revoked = await grants.RevokeAsync(email.Value, request.Role!, cancellationToken);
        if (revoked is null)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["email"] = ["このメールアドレスのメンバーはいません。"] },
                title: "入力内容を確認してください。"
            );
        await session.CommitAsync(cancellationToken);
        await revocation.AnnounceAsync(revoked.EndedSessions);
        LogRevoked(
            logger,
            request.Role!,
            admin.FindFirstValue(TokenParameters.SubjectClaim),
            revoked.WasHeld,
            revoked.EndedSessions.Count
        );
        return TypedResults.Ok(new RoleRevoked(revoked.WasHeld, revoked.EndedSessions.Count));
    }

    private static ValidationProblem? Refused(string? address, string? role, out EmailAddress email)
    {
        var errors = new Dictionary<string, string[]>();
        if (EmailAddress.Parse(address, out email) is { } refused)
            errors["email"] = [refused];
        if (role is null || !ServiceDefaults.Identity.Roles.All.Contains(role))
            errors["role"] =
            [
                $"役割は {string.Join(", ", ServiceDefaults.Identity.Roles.All)} のいずれかを指定してください。",
            ];
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors, title: "入力内容を確認してください。") : null;
    }

    [LoggerMessage(LogLevel.Information, "Role {Role} revoked by {Admin}: held {WasHeld}, {Sessions} sessions ended")]
    private static partial void LogRevoked(ILogger logger, string role, string? admin, bool wasHeld, int sessions);
}

public sealed record GrantRoleRequest(string? Email, string? Role);

// WasHeld: false when the member did not have the role (nothing changed, no session ended).
public sealed record RoleRevoked(bool WasHeld, int SessionsEnded);
