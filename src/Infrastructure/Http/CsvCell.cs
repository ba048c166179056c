using System.Text;

namespace Habatan.Infrastructure.Http;

// CSV for the spreadsheets ops and the prefecture open: UTF-8 with a BOM (so Excel reads the
// Japanese), CRLF rows, every text cell quoted, and a cell a spreadsheet would run as a formula
// prefixed with an apostrophe.
public static class CsvCell
{
    public static string Text(string? value)
    {
        value ??= "";
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
            value = "'" + value;
        return $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    public static StringBuilder Row(this StringBuilder csv, params IEnumerable<string> cells) =>
        csv.AppendJoin(',', cells).Append("\r\n");

    public static byte[] Bytes(StringBuilder csv) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
}
