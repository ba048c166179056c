using Microsoft.OpenApi;

namespace Habatan.ServiceDefaults.OpenApi;

// RFC 9457 problem details as every host writes them, and the 422 variant whose "errors" maps a
// field to its messages. Problems may carry more members (traceId, an import's cells), so extra
// properties are allowed.
internal static class ProblemSchemas
{
    public const string Problem = "ProblemDetails";
    public const string ValidationProblem = "ValidationProblemDetails";
    public const string MediaType = "application/problem+json";

    public static OpenApiSchema ProblemSchema() =>
        new()
        {
            Type = JsonSchemaType.Object,
            Description = "A problem a person can act on: title and detail are written for whoever sent the request.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["status"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer | JsonSchemaType.Null,
                    Format = "int32",
                },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            },
            AdditionalPropertiesAllowed = true,
        };

    public static OpenApiSchema ValidationProblemSchema()
    {
        var schema = ProblemSchema();
        schema.Description = "Every field that was refused, each with what to do about it.";
        schema.Properties!["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
        schema.Required = new HashSet<string> { "errors" };
        return schema;
    }

    public static OpenApiResponse Response(string description, string schema, OpenApiDocument? document) =>
        new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [MediaType] = new() { Schema = new OpenApiSchemaReference(schema, document) },
            },
        };
}
