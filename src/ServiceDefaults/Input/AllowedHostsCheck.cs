using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Habatan.ServiceDefaults.Input;

// Only the host names in AllowedHosts ("localhost;127.0.0.1;members") are answered, so nothing a
// host builds from the Host header (a redirect, a link) can point at a host the client named.
// The framework's own filter reads the same setting but answers an empty 400; this one says why
// in Japanese, and the framework's is set to let everything through to it (InputRulesExtensions).
public sealed class AllowedHostsCheck(RequestDelegate next, IConfiguration configuration)
{
    private readonly StringSegment[] _allowed = (configuration["AllowedHosts"] ?? "*")
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(h => new StringSegment(h))
        .ToArray();

    public Task InvokeAsync(HttpContext http)
    {
        if (_allowed.Length == 0 || _allowed.Any(h => h == "*"))
            return next(http);
        var host = http.Request.Host;
        if (host.HasValue && HostString.MatchesAny(host.Host, _allowed))
            return next(http);
        return InputProblems.WriteAsync(
            http,
            StatusCodes.Status400BadRequest,
            "このアドレスでは受け付けていません。",
            "Host",
            "Host ヘッダーのホスト名は受け付けられません。案内されたアドレスから開き直してください。"
        );
    }
}
