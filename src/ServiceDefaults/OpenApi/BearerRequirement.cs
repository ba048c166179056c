using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Habatan.ServiceDefaults.OpenApi;

// Everything but the anonymous operations needs the bearer token (the services' fallback
// policy refuses any request without one).
internal sealed class BearerRequirement : IOpenApiOperationTransformer
{
    public Task TransformAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
            return Task.CompletedTask;
        operation.Security ??= [];
        operation.Security.Add(
            new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(DocumentDefaults.BearerScheme, context.Document)] = [],
            }
        );
        return Task.CompletedTask;
    }
}
