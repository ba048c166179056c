using System.Globalization;
using System.Text;

namespace Habatan.FunctionalTests.Fuzzing;

// JSON written by hand: every character outside printable ASCII as \uXXXX, so a lone surrogate
// reaches the server as the escape "\ud800" (valid JSON text that no decoder can turn into a string).
internal static class JsonText
{
    public static string String(string value)
    {
        var json = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c == '"')
                json.Append("\\\"");
            else if (c == '\\')
                json.Append("\\\\");
            else if (c is < ' ' or > '~')
                json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else
                json.Append(c);
        }
        return json.Append('"').ToString();
    }

    public static string Object(IEnumerable<(string Name, string Json)> members) =>
        "{" + string.Join(",", members.Select(m => String(m.Name) + ":" + m.Json)) + "}";
}
