using System.Text.Json;

namespace Habatan.Applications.Submissions;

// Collects every bad field (the applicant fixes them all in one go) and reads JSON leniently,
// so a number sent as text or a missing object is a field error, not a 400 without words.
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
            _errors[field] = messages = [];
        messages.Add(message);
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public static JsonElement? Property(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p
        && p.TryGetProperty(name, out var value)
        && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? Text(JsonElement? parent, string name) =>
        Property(parent, name) switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString()?.Trim() is { Length: > 0 } t ? t : null,
            { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
            _ => null,
        };

    public static int? WholeNumber(JsonElement? parent, string name) =>
        Property(parent, name) switch
        {
            { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var i) => i,
            { ValueKind: JsonValueKind.String } s
                when int.TryParse(
                    s.GetString(),
                    System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out var i
                ) => i,
            _ => null,
        };

    public static bool IsTrue(JsonElement? parent, string name) =>
        Property(parent, name) is { ValueKind: JsonValueKind.True };
}
