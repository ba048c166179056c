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
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var policy = metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null);
        var hasBody = operation.RequestBody is not null;
        var hasInput = hasBody || description.ParameterDescriptions.Count > 0;
        var hasRouteValue = description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        var rateLimited = metadata.OfType<EnableRateLimitingAttribute>().Any();

        operation.Responses ??= [];
        var document = context.Document;
        Add(operation, "400", "The request could not be read (broken JSON, a wrong type, a bad header).", ProblemSchemas.Problem, document);
        if (!anonymous) Add(operation, "401", "Sign-in is needed: no token, or an expired or signed-out one.", ProblemSchemas.Problem, document);
        if (!anonymous && policy) Add(operation, "403", "The caller lacks the role this operation needs.", ProblemSchemas.Problem, document);
        if (hasRouteValue) Add(operation, "404", "Nothing with that id (or an id of the wrong form).", ProblemSchemas.Problem, document);
        if (hasBody) Add(operation, "413", "The request body is too large.", ProblemSchemas.Problem, document);
        if (hasInput) Add(operation, "422", "Every refused field, each with what to do.", ProblemSchemas.ValidationProblem, document);
        if (rateLimited) Add(operation, "429", "Too many requests: retry after the Retry-After seconds.", ProblemSchemas.Problem, document);
        return Task.CompletedTask;
    }

    // A response the handler declared itself (with its own schema) is left as it is.
    private static void Add(OpenApiOperation operation, string status, string description, string schema, OpenApiDocument? document) =>
        operation.Responses!.TryAdd(status, ProblemSchemas.Response(description, schema, document));
}
