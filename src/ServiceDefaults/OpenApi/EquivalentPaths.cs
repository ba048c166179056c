using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Habatan.ServiceDefaults.OpenApi;

// Routes that differ only in a parameter's name and constraint ("imports/{kind}" to upload,
// "imports/{id:guid}" to read) are one path to OpenAPI, which allows no two equivalent paths. The
// later operations join the first path under its parameter names; each renamed parameter says
// what it holds for that operation.
internal sealed partial class EquivalentPaths : IOpenApiDocumentTransformer
{
    public Task TransformAsync(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        var groups = document
            .Paths.Keys.GroupBy(p => Parameter().Replace(p, "{}"), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToList();
        foreach (var group in groups)
        {
            var keep = group.Order(StringComparer.Ordinal).First();
            var names = Parameter().Matches(keep).Select(m => m.Groups[1].Value).ToList();
            foreach (var other in group.Where(p => p != keep).ToList())
            {
                var renamed = Parameter().Matches(other).Select(m => m.Groups[1].Value).ToList();
                foreach (var (method, operation) in document.Paths[other].Operations ?? [])
                {
                    foreach (
                        var parameter in (operation.Parameters ?? [])
                            .OfType<OpenApiParameter>()
                            .Where(p => p.In == ParameterLocation.Path)
                    )
                    {
                        var index = renamed.IndexOf(parameter.Name!);
                        if (index < 0)
                            continue;
                        parameter.Description = $"The {parameter.Name} (named {names[index]} in this shared path).";
                        parameter.Name = names[index];
                    }
                    document.Paths[keep].Operations!.Add(method, operation);
                }
                document.Paths.Remove(other);
            }
        }
        return Task.CompletedTask;
    }

    [GeneratedRegex("{([^}]+)}")]
    private static partial Regex Parameter();
}
