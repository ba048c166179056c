using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Habatan.ServiceDefaults.OpenApi;

// Strings are read through the input-text rule's own converter (InputTextJson), which the
// generator cannot see into: it would describe a string as anything and a list of strings as a
// list of anything. They are strings, and say so.
internal sealed class CheckedStrings : IOpenApiSchemaTransformer
{
    public Task TransformAsync(
        OpenApiSchema schema,
        OpenApiSchemaTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        var type = context.JsonPropertyInfo?.PropertyType ?? context.JsonTypeInfo.Type;
        if (type == typeof(string) && schema.Type is null)
            schema.Type = JsonSchemaType.String;
        else if (IsListOfStrings(type) && schema.Items is null)
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        return Task.CompletedTask;
    }

    private static bool IsListOfStrings(Type type) =>
        type != typeof(string) && type.IsAssignableTo(typeof(IEnumerable<string>));
}
