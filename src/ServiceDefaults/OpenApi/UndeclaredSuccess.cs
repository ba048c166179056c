using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Habatan.ServiceDefaults.OpenApi;

// A handler that returns IResult tells the generator nothing, which it writes as a bare "200".
// An unsafe method here may answer 200, 201 (created), 202 (accepted) or 204, so such an
// operation says "2XX" instead of a promise it would break. An endpoint that declares its
// answers (Produces, TypedResults unions) keeps them.
internal sealed class UndeclaredSuccess : IOpenApiOperationTransformer
{
    public Task TransformAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var declared = metadata.OfType<IProducesResponseTypeMetadata>().Any();
        if (declared || HttpMethods.IsGet(context.Description.HttpMethod ?? ""))
            return Task.CompletedTask;
        operation.Responses ??= [];
        if (operation.Responses.Remove("200", out var ok))
            operation.Responses["2XX"] = ok is OpenApiResponse { Description: "OK" }
                ? new OpenApiResponse { Description = "Done: 200, 201 (created), 202 (accepted) or 204 (no content)." }
                : ok;
        return Task.CompletedTask;
    }
}
