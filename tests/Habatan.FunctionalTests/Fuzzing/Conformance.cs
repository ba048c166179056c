using System.Globalization;
using System.Text.Json;
using Microsoft.OpenApi;

namespace Habatan.FunctionalTests.Fuzzing;

// What every answer must be: not a server error, a status the operation declares (exactly, or
// by a range such as "2XX"), and for a 4xx a problem+json object. The one exception is the HTTP
// server's own refusal of a request it cannot parse (a %00 in the path, a request line over its
// 8 KB limit): an empty 400 or 414 written before any endpoint, or any application code, runs.
internal static class Conformance
{
    public static async Task<string?> CheckAsync(OpenApiOperation operation, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var title = "";
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var body = await response.Content.ReadAsStringAsync();
        if (mediaType == "application/problem+json")
        {
            try
            {
                using var problem = JsonDocument.Parse(body);
                if (problem.RootElement.ValueKind != JsonValueKind.Object)
                    return $"{status} problem body is not an object";
                title = problem.RootElement.TryGetProperty("title", out var t) ? t.ToString() : "";
            }
            catch (JsonException)
            {
                return $"{status} problem body is not JSON";
            }
        }
        if (status >= 500)
            return $"server error {status} {title}".TrimEnd();
        if (status is 400 or 414 && mediaType is null && body.Length == 0)
            return null;
        var code = status.ToString(CultureInfo.InvariantCulture);
        var responses = operation.Responses ?? [];
        var declared =
            responses.ContainsKey(code) || responses.ContainsKey($"{code[0]}XX") || responses.ContainsKey("default");
        if (!declared)
            return $"undeclared status {status} {title}".TrimEnd();
        if (status >= 400 && mediaType != "application/problem+json")
            return $"{status} answered as {mediaType ?? "no content type"}";
        return null;
    }
}
