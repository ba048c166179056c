using System.Net.Http.Headers;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Habatan.FunctionalTests.OpenApi;

// The OpenAPI documents as an ops engineer reaches them: through the gateway's /ops/api/openapi routes.
internal static class ApiDocuments
{
    public static readonly string[] Names = ["applications", "members", "notifications", "gateway"];

    public static Uri PathOf(string name) => new($"/ops/api/openapi/{name}.json", UriKind.Relative);

    public static async Task<string> ReadTextAsync(AppHostFixture fixture, string token, string name)
    {
        using var client = fixture.CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync(PathOf(name));
        Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<OpenApiDocument> ReadAsync(AppHostFixture fixture, string token, string name)
    {
        var text = await ReadTextAsync(fixture, token, name);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        var settings = new OpenApiReaderSettings();
        var result = await OpenApiDocument.LoadAsync(stream, "json", settings);
        Assert.True(
            result.Diagnostic is null || result.Diagnostic.Errors.Count == 0,
            $"{name}: {string.Join("; ", result.Diagnostic?.Errors.Select(e => e.Message) ?? [])}"
        );
        return result.Document!;
    }
}
