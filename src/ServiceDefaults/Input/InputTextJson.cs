using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Habatan.ServiceDefaults.Input;

// Every JSON body that binds to a type, in every host, reads its strings through the input-text
// rule: a string property is single-line unless marked [MultiLineText]; strings in lists are
// single-line. A refused string stops reading with InputTextException, which the unreadable
// request handler turns into a 422 naming the field.
public static class InputTextJson
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.Converters.Insert(0, CheckedString.SingleLine);
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(
            MarkMultiLineProperties
        );
    }

    private static void MarkMultiLineProperties(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.PropertyType != typeof(string))
                continue;
            var multi = property.AttributeProvider?.IsDefined(typeof(MultiLineTextAttribute), inherit: true) ?? false;
            property.CustomConverter = multi ? CheckedString.MultiLine : CheckedString.SingleLine;
        }
    }

    private sealed class CheckedString(TextLines lines) : JsonConverter<string>
    {
        public static readonly CheckedString SingleLine = new(TextLines.OneLine);
        public static readonly CheckedString MultiLine = new(TextLines.MultiLine);

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            // A number or an object where text belongs: the serializer's own error, with its path.
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException();
            string text;
            try
            {
                text = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // "\ud800": an escaped half of a surrogate pair is not a character.
                throw new InputTextException(InputText.Message + "入力し直してください。");
            }
            if (InputText.Refusal(text, lines) is { } refusal)
                throw new InputTextException(refusal);
            return text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }
}

// A free text that may span lines (a reason, a note, a reminder's body).
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class MultiLineTextAttribute : Attribute;

// A JSON string refused by the input-text rule; Path names the field once the serializer rethrows.
public sealed class InputTextException(string message) : JsonException(message);
