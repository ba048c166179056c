using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Habatan.ServiceDefaults.OpenApi;

// A stable id from the method and the route ("post-api-members-ops-imports-kind"), unique
// because a route and a method name one operation; an endpoint named with WithName keeps its own.
internal sealed class OperationIds : IOpenApiOperationTransformer
{
    public Task TransformAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        if (!string.IsNullOrEmpty(operation.OperationId))
            return Task.CompletedTask;
        var id = new StringBuilder(context.Description.HttpMethod?.ToLowerInvariant() ?? "any");
        foreach (var c in context.Description.RelativePath ?? "")
        {
            if (char.IsAsciiLetterOrDigit(c))
                id.Append(char.ToLowerInvariant(c));
            else if (c is '/' or '-' or '.' && id[^1] != '-')
                id.Append('-');
        }
        operation.OperationId = id.ToString().TrimEnd('-');
        return Task.CompletedTask;
    }
}
