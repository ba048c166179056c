using System.Text.Json;

namespace Habatan.ServiceDefaults.Input;

// The input-text rule over a JSON document read as a whole (a form's "application" field):
// every string value, named by its path as the portal names fields ("representative.email",
// "householdMembers[0].familyName").
public static class JsonTexts
{
    public static Dictionary<string, string[]> Refusals(JsonElement root, Func<string, TextLines>? linesOf = null)
    {
        var refusals = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Visit(root, "", linesOf ?? (_ => TextLines.OneLine), refusals);
        return refusals;
    }

    private static bool NameIsAcceptable(JsonProperty property)
    {
        try
        {
            return InputText.IsAcceptable(property.Name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Visit(
        JsonElement element,
        string path,
        Func<string, TextLines> linesOf,
        Dictionary<string, string[]> refusals
    )
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!NameIsAcceptable(property))
                    {
                        refusals[path.Length == 0 ? "body" : path] = [InputText.Message + "項目名を確認してください。"];
                        continue;
                    }
                    var child = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    Visit(property.Value, child, linesOf, refusals);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Visit(item, $"{path}[{index++}]", linesOf, refusals);
                break;
            case JsonValueKind.String:
                string text;
                try
                {
                    text = element.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    refusals[path] = [InputText.Message + "入力し直してください。"];
                    break;
                }
                if (InputText.Refusal(text, linesOf(path)) is { } refusal)
                    refusals[path] = [refusal];
                break;
        }
    }
}
