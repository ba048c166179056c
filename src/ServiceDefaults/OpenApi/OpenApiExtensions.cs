using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Habatan.ServiceDefaults.OpenApi;

// Every host describes its API the same way: the operations ASP.NET Core finds, plus what the
// shared pipeline answers on their behalf (problem details, sign-in, role checks), so no
// endpoint repeats them.
public static class OpenApiExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";

    public static TBuilder AddServiceOpenApi<TBuilder>(this TBuilder builder, string documentName = DocumentName)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi(
            documentName,
            options =>
            {
                options.AddDocumentTransformer<DocumentDefaults>();
                options.AddDocumentTransformer<EquivalentPaths>();
                options.AddSchemaTransformer<CheckedStrings>();
                options.AddOperationTransformer<OperationIds>();
                options.AddOperationTransformer<UndeclaredSuccess>();
                options.AddOperationTransformer<ProblemResponses>();
                options.AddOperationTransformer<BearerRequirement>();
            }
        );
        return builder;
    }

    // Internal services only: the gateway's route to each document decides who may read it.
    public static IEndpointConventionBuilder MapServiceOpenApi(this IEndpointRouteBuilder app) =>
        app.MapOpenApi(DocumentPath).AllowAnonymous();
}
