using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Net.Http.Headers;

namespace Habatan.Gateway.BrowserSession;

// Anti-forgery for requests the session cookie authenticates: an unsafe method must carry the
// CSRF cookie's value in the X-CSRF-Token header. Requests with an explicit Authorization header
// are not at risk (a browser never adds one on its own) and pass. Endpoints that do not use
// the session (requesting and entering a sign-in code) opt out with DisableAntiforgery().
internal sealed class DoubleSubmitCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (NeedsCheck(http) && !HeaderMatchesCookie(http.Request))
        {
            await SessionProblems.Forgery().ExecuteAsync(http);
            return;
        }
        await next(http);
    }

    private static bool NeedsCheck(HttpContext http)
    {
        var request = http.Request;
        if (
            HttpMethods.IsGet(request.Method)
            || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsTrace(request.Method)
        )
            return false;
        if (request.Headers.ContainsKey(HeaderNames.Authorization) || SessionCookies.TokenOf(request) is null)
            return false;
        return http.GetEndpoint()?.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: false };
    }

    private static bool HeaderMatchesCookie(HttpRequest request)
    {
        var header = request.Headers[SessionCookies.CsrfHeader].ToString();
        if (
            header.Length == 0
            || !request.Cookies.TryGetValue(SessionCookies.Csrf, out var cookie)
            || string.IsNullOrEmpty(cookie)
        )
            return false;
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(header),
            Encoding.ASCII.GetBytes(cookie)
        );
    }
}
