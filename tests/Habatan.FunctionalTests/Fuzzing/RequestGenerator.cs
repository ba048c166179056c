using System.Globalization;
using System.Text;
using CsCheck;
using Microsoft.OpenApi;

namespace Habatan.FunctionalTests.Fuzzing;

// Requests for one operation, drawn from its document: path, query and header parameters, and a
// body of each media type it accepts. Most values follow the schema closely enough to pass the
// first checks and reach deeper code; the rest are hostile text, wrong JSON types, broken bodies.
internal sealed class RequestGenerator(string path, HttpMethod method, OpenApiOperation operation)
{
    private static readonly Gen<string> WrongJson = Gen.OneOf(
        "[]",
        "{}",
        "null",
        "true",
        "-1",
        "1e309",
        "\"\"",
        "[null]"
    );

    private static readonly Gen<(string Body, string Class)> BrokenJson = Gen.OneOf(
        ("", "empty body"),
        ("null", "null body"),
        ("[]", "array body"),
        ("{", "broken JSON"),
        ("{\"a\":", "broken JSON"),
        ("\"text\"", "string body"),
        ("123", "number body"),
        ("{\"a\":1,\"a\":2}", "duplicate keys"),
        (new string('[', 5_000) + new string(']', 5_000), "deep nesting"),
        ("\ufeff{}", "byte-order mark before JSON")
    );

    public Gen<FuzzRequest> Requests => new GenFrom<FuzzRequest>(Draw);

    private FuzzRequest Draw(PCG pcg)
    {
        var classes = new List<string>();
        var headers = new List<(string, string)>();
        var target = path;
        var query = new List<string>();
        foreach (var parameter in operation.Parameters ?? [])
        {
            var value = ParameterValue(parameter, pcg, classes);
            // An empty segment would address another route ("probes/" is the POST that sends one).
            if (parameter.In == ParameterLocation.Path && value.Length == 0)
                value = "%20";
            if (parameter.In == ParameterLocation.Path)
                target = target.Replace($"{{{parameter.Name}}}", value, StringComparison.Ordinal);
            else if (parameter.In == ParameterLocation.Query && value.Length > 0)
                query.Add($"{parameter.Name}={value}");
            else if (parameter.In == ParameterLocation.Header && value.Length > 0)
                headers.Add((parameter.Name!, value)); // percent-encoded: a header carries ASCII only
        }
        if (query.Count > 0)
            target += "?" + string.Join('&', query);

        byte[]? body = null;
        string? contentType = null;
        if (operation.RequestBody?.Content is { Count: > 0 } content)
        {
            var (mediaType, media) = content.ElementAt(Gen.Int[0, content.Count - 1].Generate(pcg, null, out _));
            (body, contentType) = mediaType.StartsWith("multipart/", StringComparison.Ordinal)
                ? MultipartBodies.Draw(media.Schema, pcg, classes)
                : JsonBody(media.Schema, pcg, classes);
        }
        return new FuzzRequest(method, target, headers, body, contentType, classes);
    }

    private static string ParameterValue(IOpenApiParameter parameter, PCG pcg, List<string> classes)
    {
        var schema = parameter.Schema;
        var omit = parameter.In != ParameterLocation.Path && Gen.Int[0, 3].Generate(pcg, null, out _) == 0;
        if (omit)
            return "";
        var roll = Gen.Int[0, 9].Generate(pcg, null, out _);
        if (roll < 5)
            return UrlText.Encode(Valid(schema, pcg));
        if (roll < 7)
            return UrlText.Raw(pcg, classes);
        var hostile = HostileText.InUrl.Generate(pcg, null, out _);
        classes.Add($"{parameter.In?.ToString().ToLowerInvariant()} {parameter.Name}: {hostile.Class}");
        return UrlText.Encode(hostile.Text);
    }

    // A value the schema allows, as text (a parameter) or JSON (a body member).
    private static string Valid(IOpenApiSchema? schema, PCG pcg)
    {
        if (schema?.Enum is { Count: > 0 } values)
            return values[Gen.Int[0, values.Count - 1].Generate(pcg, null, out _)]!.ToString().Trim('"');
        var type = schema?.Type ?? JsonSchemaType.String;
        if (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number))
        {
            var number = Gen.OneOf(0, 1, 2, 10, 100, -1, int.MaxValue).Generate(pcg, null, out _);
            return number.ToString(CultureInfo.InvariantCulture);
        }
        if (type.HasFlag(JsonSchemaType.Boolean))
            return Gen.Bool.Generate(pcg, null, out _) ? "true" : "false";
        // A pattern is an identifier's (Idempotency-Key): letters and digits of any length fit it.
        if (schema?.Pattern is not null)
            return Gen.Guid.Generate(pcg, null, out _).ToString("N");
        return schema?.Format switch
        {
            "uuid" => Gen.Guid.Generate(pcg, null, out _).ToString(),
            "date-time" => "2026-04-01T09:00:00+09:00",
            "date" => "2026-04-01",
            _ => HostileText.Ordinary.Generate(pcg, null, out _).Text,
        };
    }

    private static (byte[], string) JsonBody(IOpenApiSchema? schema, PCG pcg, List<string> classes)
    {
        var roll = Gen.Int[0, 9].Generate(pcg, null, out _);
        if (roll < 2)
        {
            var (broken, name) = BrokenJson.Generate(pcg, null, out _);
            classes.Add(name);
            return (Encoding.UTF8.GetBytes(broken), "application/json");
        }
        var json = JsonValue(schema, pcg, classes, depth: 0);
        if (roll == 2)
        {
            // Invalid UTF-8 inside a string of an otherwise good document.
            var bytes = Encoding.UTF8.GetBytes(json).ToList();
            var quote = bytes.IndexOf((byte)'"');
            if (quote < 0)
            {
                bytes = [.. "\""u8.ToArray(), .. "\""u8.ToArray()];
                quote = 0;
            }
            bytes.InsertRange(quote + 1, HostileText.RawBytes.Generate(pcg, null, out _));
            classes.Add("invalid UTF-8 bytes");
            return ([.. bytes], "application/json");
        }
        if (roll == 3)
        {
            classes.Add("JSON sent as text/plain");
            return (Encoding.UTF8.GetBytes(json), "text/plain");
        }
        return (Encoding.UTF8.GetBytes(json), "application/json");
    }

    public static string JsonValue(IOpenApiSchema? schema, PCG pcg, List<string> classes, int depth)
    {
        var roll = Gen.Int[0, 9].Generate(pcg, null, out _);
        if (depth > 0 && roll == 0)
        {
            var wrong = WrongJson.Generate(pcg, null, out _);
            classes.Add($"wrong JSON type {wrong}");
            return wrong;
        }
        if (depth > 0 && roll <= 3)
        {
            var hostile = HostileText.Hostile.Generate(pcg, null, out _);
            classes.Add(hostile.Class);
            return JsonText.String(hostile.Text);
        }
        var type = schema?.Type ?? JsonSchemaType.Object;
        if (type.HasFlag(JsonSchemaType.Object) && depth < 3)
        {
            var members = (schema?.Properties ?? new Dictionary<string, IOpenApiSchema>())
                .Where(member => Gen.Int[0, 5].Generate(pcg, null, out _) > 0)
                .Select(p => (p.Key, JsonValue(p.Value, pcg, classes, depth + 1)));
            return JsonText.Object(members);
        }
        if (type.HasFlag(JsonSchemaType.Array) && depth < 3)
        {
            var count = Gen.Int[0, 3].Generate(pcg, null, out _);
            var items = Enumerable.Range(0, count).Select(item => JsonValue(schema?.Items, pcg, classes, depth + 1));
            return "[" + string.Join(",", items) + "]";
        }
        var text = Valid(schema, pcg);
        return
            type.HasFlag(JsonSchemaType.String)
            || type == JsonSchemaType.Null
            || type.HasFlag(JsonSchemaType.Object)
            || type.HasFlag(JsonSchemaType.Array)
            ? JsonText.String(text)
            : text;
    }
}
