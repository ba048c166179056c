using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing.Template;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Habatan.Gateway.ApiReference;

// A service cannot know the gateway's rate limits, so a document passing through here gains the
// 429 of every operation a rate-limited route ("RateLimiterPolicy") serves.
internal sealed class GatewayDocumentTransform(IConfiguration configuration)
{
    // Set in a route's "Metadata" to mark it as a route to a service's OpenAPI document.
    public const string MetadataKey = "OpenApiDocument";

    private readonly List<(TemplateMatcher Path, string[] Methods)> _limited = configuration
        .GetSection("ReverseProxy:Routes")
        .GetChildren()
        .Where(r => !string.IsNullOrEmpty(r["RateLimiterPolicy"]))
        .Select(r =>
            (
                new TemplateMatcher(TemplateParser.Parse(r["Match:Path"]!.TrimStart('/')), []),
                r.GetSection("Match:Methods").Get<string[]>() ?? []
            )
        )
        .ToList();

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata?.ContainsKey(MetadataKey) != true)
            return;
        context.AddResponseTransform(async transform =>
        {
            if (transform.ProxyResponse is not { IsSuccessStatusCode: true } response)
                return;
            var aborted = transform.HttpContext.RequestAborted;
            await using var body = await response.Content.ReadAsStreamAsync(aborted);
            var document = await JsonNode.ParseAsync(body, cancellationToken: aborted);
            if (document?["paths"] is not JsonObject paths)
                return;
            foreach (var (path, item) in paths)
            foreach (var (method, operation) in item?.AsObject() ?? [])
            {
                if (operation?["responses"] is JsonObject responses && IsRateLimited(path, method))
                    responses.TryAdd("429", TooManyRequests());
            }

            transform.SuppressResponseBody = true;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(document);
            transform.HttpContext.Response.ContentLength = bytes.Length;
            await transform.HttpContext.Response.Body.WriteAsync(bytes, aborted);
        });
    }

    private bool IsRateLimited(string path, string method) =>
        _limited.Any(route =>
            (route.Methods.Length == 0 || route.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
            && route.Path.TryMatch(path, [])
        );

    private static JsonObject TooManyRequests() =>
        new()
        {
            ["description"] = "Too many requests from this client or member: retry after the Retry-After seconds.",
            ["content"] = new JsonObject
            {
                ["application/problem+json"] = new JsonObject
                {
                    ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/ProblemDetails" },
                },
            },
        };
}
