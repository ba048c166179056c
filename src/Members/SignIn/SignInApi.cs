using Habatan.Members.Sessions;

namespace Habatan.Members.SignIn;

public static class SignInApi
{
    public static IEndpointRouteBuilder MapSignInApi(this IEndpointRouteBuilder app)
    {
        var signIn = app.MapGroup("/api/members/sign-in").WithTags("Sign-in").AllowAnonymous();
        signIn.MapPost("/code", RequestCodeAsync);
        signIn.MapPost("/verify", VerifyAsync);

        app.MapPost("/api/members/sign-out", SignOutAsync).WithTags("Sign-in").RequireAuthorization(Policies.Member);
        return app;
    }

    private static Task<IResult> RequestCodeAsync(
        RequestCodeRequest request,
        HttpContext http,
        SignInCodeRequests codes,
        CancellationToken cancellationToken
    ) =>
        EmailAddress.Parse(request.Email, out var email) is { } refused
            ? Task.FromResult(SignInProblems.InvalidEmail(refused))
            : codes.RequestAsync(email, ClientAddress(http), cancellationToken);

    private static Task<IResult> VerifyAsync(
        VerifyCodeRequest request,
        SignInVerifier verifier,
        CancellationToken cancellationToken
    )
    {
        if (EmailAddress.Parse(request.Email, out var email) is { } refused)
            return Task.FromResult(SignInProblems.InvalidEmail(refused));
        var code = request.Code?.Trim();
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
            return Task.FromResult(SignInProblems.InvalidCodeFormat());
        return verifier.VerifyAsync(email, code, cancellationToken);
    }

    private static async Task<IResult> SignOutAsync(
        ClaimsPrincipal user,
        DbSession session,
        SessionRevocation revocation,
        CancellationToken cancellationToken
    )
    {
        var sessionId = Guid.Parse(user.FindFirstValue(TokenParameters.SessionClaim)!);
        var revoked = await revocation.RevokeSessionAsync(sessionId, cancellationToken);
        await session.CommitAsync(cancellationToken);
        await revocation.AnnounceAsync(revoked);
        return TypedResults.NoContent();
    }

    // The gateway is the only way in; it names the client it trusts (see ClientAddress).
    private static string? ClientAddress(HttpContext http) => Infrastructure.Http.ClientAddress.Of(http);
}
