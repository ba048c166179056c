using System.Globalization;
using System.Text.Json;
using Microsoft.OpenApi;

namespace Habatan.FunctionalTests.Fuzzing;

// What every answer must be: not a server error, a status the operation declares (exactly, or
// by a range such as "2XX"), and for a 4xx a problem+json object.
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
        if (status >= 500) return $"server error {status} {title}".TrimEnd();
        var code = status.ToString(CultureInfo.InvariantCulture);
        var responses = operation.Responses ?? [];
        var declared = responses.ContainsKey(code) || responses.ContainsKey($"{code[0]}XX")
            || responses.ContainsKey("default");
        if (!declared)
            return $"undeclared status {status} {title}".TrimEnd();
        if (status >= 400 && mediaType != "application/problem+json")
            return $"{status} answered as {mediaType ?? "no content type"}";
        return null;
    }
}
