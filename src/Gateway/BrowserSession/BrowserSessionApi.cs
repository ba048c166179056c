using System.Net;
using Habatan.Gateway.RateLimiting;

namespace Habatan.Gateway.BrowserSession;

// Sign-in for the portal's pages: the same two steps as Members' API, but the token goes into
// an HttpOnly cookie instead of the response body, so no script on the page ever holds it.
internal static class BrowserSessionApi
{
    public static IEndpointRouteBuilder MapBrowserSessionApi(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/session").WithTags("Browser session").AllowAnonymous();
        // These two do not use the session cookie, so there is nothing to forge; JSON bodies
        // alone already keep other sites' plain forms out.
        session.MapPost("/code", RequestCodeAsync).DisableAntiforgery().RequireRateLimiting(RateLimitPolicies.SignIn);
        session.MapPost("/verify", VerifyAsync).DisableAntiforgery().RequireRateLimiting(RateLimitPolicies.SignIn);
        // Anonymous on purpose: a browser whose token has already expired must still be able to
        // drop it. The anti-forgery check applies, so another site cannot sign a member out.
        session.MapPost("/sign-out", SignOutAsync);
        return app;
    }

    private static Task<IResult> RequestCodeAsync(
        CodeRequest request,
        HttpContext http,
        MembersSignIn members,
        CancellationToken cancellationToken
    ) =>
        RelayAsync(
            () => members.RequestCodeAsync(request, http, cancellationToken),
            _ => Task.FromResult<IResult?>(null),
            cancellationToken
        );

    private static Task<IResult> VerifyAsync(
        VerifyRequest request,
        HttpContext http,
        MembersSignIn members,
        CancellationToken cancellationToken
    ) =>
        RelayAsync(
            () => members.VerifyAsync(request, http, cancellationToken),
            async response =>
            {
                if (!response.IsSuccessStatusCode)
                    return null;
                var signedIn =
                    await response.Content.ReadFromJsonAsync<MembersSignedIn>(cancellationToken)
                    ?? throw new InvalidOperationException("Members answered a sign-in without a token.");
                SessionCookies.SignIn(http, signedIn.AccessToken, signedIn.ExpiresAt);
                return TypedResults.Ok(new BrowserSignedIn(signedIn.ExpiresAt));
            },
            cancellationToken
        );

    private static async Task<IResult> SignOutAsync(
        HttpContext http,
        MembersSignIn members,
        CancellationToken cancellationToken
    )
    {
        var token = SessionCookies.TokenOf(http.Request);
        // The browser forgets the session whatever Members says; revoking it is Members' part.
        SessionCookies.SignOut(http);
        if (token is null)
            return TypedResults.NoContent();
        return await RelayAsync(
            () => members.SignOutAsync(token, http, cancellationToken),
            response =>
                Task.FromResult<IResult?>(
                    // 401: the token had already expired or been revoked, which is what sign-out wants.
                    response.IsSuccessStatusCode
                    || response.StatusCode == HttpStatusCode.Unauthorized
                        ? TypedResults.NoContent()
                        : null
                ),
            cancellationToken
        );
    }

    // Members' answer goes back as it is (its problem details are already written for people),
    // unless the handler makes its own; an unreachable Members is a 503 that says to retry.
    private static async Task<IResult> RelayAsync(
        Func<Task<HttpResponseMessage>> send,
        Func<HttpResponseMessage, Task<IResult?>> handle,
        CancellationToken cancellationToken
    )
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            return SessionProblems.MembersUnavailable();
        }

        using (response)
        {
            if (await handle(response) is { } handled)
                return handled;
            if ((int)response.StatusCode >= 500)
                return SessionProblems.MembersUnavailable();
            return new RelayedResponse(
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.ToString(),
                await response.Content.ReadAsByteArrayAsync(cancellationToken)
            );
        }
    }
}
