using System.Net.Http.Headers;
using Habatan.Gateway.Identity;

namespace Habatan.Gateway.BrowserSession;

// Members' sign-in endpoints, called by the gateway on the browser's behalf. The client's address
// goes along in the gateway's own header, as through the proxy, so Members' per-client limit
// still counts each browser and not the gateway.
internal sealed class MembersSignIn(HttpClient http)
{
    public const string ClientName = "members-sign-in";

    public Task<HttpResponseMessage> RequestCodeAsync(
        CodeRequest body,
        HttpContext caller,
        CancellationToken cancellationToken
    ) => SendAsync("/api/members/sign-in/code", body, caller, token: null, cancellationToken);

    public Task<HttpResponseMessage> VerifyAsync(
        VerifyRequest body,
        HttpContext caller,
        CancellationToken cancellationToken
    ) => SendAsync("/api/members/sign-in/verify", body, caller, token: null, cancellationToken);

    public Task<HttpResponseMessage> SignOutAsync(
        string token,
        HttpContext caller,
        CancellationToken cancellationToken
    ) => SendAsync<object?>("/api/members/sign-out", null, caller, token, cancellationToken);

    private Task<HttpResponseMessage> SendAsync<T>(
        string path,
        T body,
        HttpContext caller,
        string? token,
        CancellationToken cancellationToken
    )
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        ClientAddressHeader.Set(caller, request);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request, cancellationToken);
    }
}

public sealed record CodeRequest(string? Email);

public sealed record VerifyRequest(string? Email, string? Code);

// What the browser learns from a sign-in: when it ends. The token itself stays in the cookie.
public sealed record BrowserSignedIn(DateTimeOffset ExpiresAt);

internal sealed record MembersSignedIn(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);
