using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace Habatan.ServiceDefaults.OpenApi;

// What every document shares: the problem schemas the responses refer to, the bearer scheme,
// and no "servers": a document fetched through the gateway is used against the gateway, never
// against the internal address the service happened to be asked on.
internal sealed class DocumentDefaults : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "bearer";

    public Task TransformAsync(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        document.Servers = [];
        var application = context.ApplicationServices.GetRequiredService<IHostEnvironment>().ApplicationName;
        document.Info.Title = application;
        document.Info.Description ??=
            "Every operation may also answer the problem responses listed" + " on it (application/problem+json).";
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchemas.Problem] = ProblemSchemas.ProblemSchema();
        document.Components.Schemas[ProblemSchemas.ValidationProblem] = ProblemSchemas.ValidationProblemSchema();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The token from sign-in (the portal's pages send it as the HttpOnly session cookie).",
        };
        return Task.CompletedTask;
    }
}
