using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Habatan.ServiceDefaults.Input;

// The input-text rule on what the address carries, for every endpoint of every host at once, so a
// new endpoint is covered without anyone remembering: each query parameter (name and values),
// each route value and the decoded path. Runs after routing has matched, so a route value is
// named as its endpoint names it.
public sealed class AddressTextCheck(RequestDelegate next)
{
    private const string Title = "アドレス（URL）に使えない文字が含まれています。";

    public Task InvokeAsync(HttpContext http)
    {
        foreach (var (name, values) in http.Request.Query)
        {
            if (!InputText.IsAcceptable(name))
                return RefuseAsync(http, "query");
            foreach (var value in values)
                if (InputText.Refusal(value) is { } refusal)
                    return RefuseAsync(http, name, refusal);
        }
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern;
        foreach (var (name, value) in http.Request.RouteValues)
        {
            if (value is not string text || InputText.Refusal(text) is not { } refusal)
                continue;
            // A catch-all ({**rest} of a proxy route) is the path itself, not a field anyone typed.
            return RefuseAsync(http, pattern?.GetParameter(name) is { IsCatchAll: true } ? "path" : name, refusal);
        }
        if (InputText.Refusal(http.Request.Path.Value) is { } inPath)
            return RefuseAsync(http, "path", inPath);
        return next(http);
    }

    private static Task RefuseAsync(HttpContext http, string field, string? message = null) =>
        InputProblems.WriteAsync(
            http,
            StatusCodes.Status400BadRequest,
            Title,
            field,
            message ?? InputText.Message,
            "リンクをもう一度開くか、検索条件を入力し直してください。"
        );
}
