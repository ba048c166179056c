using System.Security.Cryptography;

namespace Habatan.Gateway.BrowserSession;

// The browser keeps its token in a cookie scripts cannot read (HttpOnly), so an injected script
// cannot carry it off. A second, readable cookie holds a random anti-forgery value that the
// portal's scripts echo in a header on every unsafe request (double submit): another site can
// make the browser send the cookies, but it cannot read them to write the header.
internal static class SessionCookies
{
    public const string Token = "habatan-session";
    public const string Csrf = "habatan-csrf";
    public const string CsrfHeader = "X-CSRF-Token";

    public static void SignIn(HttpContext http, string token, DateTimeOffset expiresAt)
    {
        var csrf = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        http.Response.Cookies.Append(Token, token, Options(http, expiresAt, httpOnly: true));
        http.Response.Cookies.Append(Csrf, csrf, Options(http, expiresAt, httpOnly: false));
    }

    public static void SignOut(HttpContext http)
    {
        http.Response.Cookies.Delete(Token, Options(http, expires: null, httpOnly: true));
        http.Response.Cookies.Delete(Csrf, Options(http, expires: null, httpOnly: false));
    }

    public static string? TokenOf(HttpRequest request) =>
        request.Cookies.TryGetValue(Token, out var token) && !string.IsNullOrWhiteSpace(token) ? token : null;

    private static CookieOptions Options(HttpContext http, DateTimeOffset? expires, bool httpOnly) =>
        new()
        {
            HttpOnly = httpOnly,
            // Secure wherever the portal is served over https; the development gateway is plain http.
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            Expires = expires,
            IsEssential = true,
        };
}
