using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Habatan.ServiceDefaults.OpenApi;

// The problem responses an operation can give without its handler saying so: the shared
// pipeline's (unreadable request, sign-in, role checks, route constraints, rate limits) and the
// 422 every form answers with its "errors". Each is application/problem+json with a schema.
internal sealed class ProblemResponses : IOpenApiOperationTransformer
{
    public Task TransformAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var policy = metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null);
        var hasBody = operation.RequestBody is not null;
        var hasInput = hasBody || description.ParameterDescriptions.Count > 0;
        var hasRouteValue = description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        var rateLimited = metadata.OfType<EnableRateLimitingAttribute>().Any();

        // A response the handler declared itself (with its own schema) is left as it is.
        operation.Responses ??= [];
        var document = context.Document;
        var problem = (string status, string text) =>
            operation.Responses.TryAdd(status, ProblemSchemas.Response(text, ProblemSchemas.Problem, document));
        problem("400", "The request could not be read (broken JSON, a wrong type, a bad header).");
        if (!anonymous)
            problem("401", "Sign-in is needed: no token, or an expired or signed-out one.");
        if (!anonymous && policy)
            problem("403", "The caller lacks the role this operation needs.");
        if (hasRouteValue)
            problem("404", "Nothing with that id (or an id of the wrong form).");
        if (hasBody)
            problem("413", "The request body is too large.");
        if (hasBody)
            problem("415", "The body is not of a media type this operation reads.");
        if (hasInput)
            operation.Responses.TryAdd(
                "422",
                ProblemSchemas.Response(
                    "Every refused field, each with what to do.",
                    ProblemSchemas.ValidationProblem,
                    document
                )
            );
        if (rateLimited)
            problem("429", "Too many requests: retry after the Retry-After seconds.");
        return Task.CompletedTask;
    }
}
