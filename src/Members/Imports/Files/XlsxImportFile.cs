using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Habatan.Members.Imports.Files;

// The first worksheet of an .xlsx workbook, read with the SAX OpenXmlReader so that a sheet of
// a million rows never sits in memory as a DOM. Each cell keeps its stored type: a number
// stored as a number, a string (shared or inline), a formula (<f>, whatever its cached value),
// a boolean or an error value. The first row holds the headers.
public sealed class XlsxImportFile : IImportFile
{
    private readonly SpreadsheetDocument _document;
    private readonly WorksheetPart _sheet;
    private readonly List<string> _sharedStrings;
    private IEnumerator<(int Number, List<(int Column, ImportCell Cell)> Cells)>? _rows;

    private XlsxImportFile(SpreadsheetDocument document, WorksheetPart sheet, List<string> sharedStrings)
    {
        _document = document;
        _sheet = sheet;
        _sharedStrings = sharedStrings;
        _rows = RawRows().GetEnumerator();
        if (!_rows.MoveNext()) throw new ImportFileException("シートが空です。1行目に見出し（列名）が必要です。");
        var header = _rows.Current.Cells;
        var headers = new string[header.Count == 0 ? 0 : Math.Max(0, header.Max(c => c.Column) + 1)];
        Array.Fill(headers, "");
        foreach (var (column, cell) in header.Where(c => c.Column >= 0)) headers[column] = cell.Text ?? "";
        Headers = headers;
    }

    public IReadOnlyList<string> Headers { get; }

    public static XlsxImportFile Open(Stream file)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(file, isEditable: false);
        }
        catch (Exception ex) when (IsBrokenFile(ex))
        {
            throw Unreadable(ex);
        }

        try
        {
            var workbook = document.WorkbookPart ?? throw new ImportFileException("ブックにシートがありません。");
            var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new ImportFileException("ブックにシートがありません。");
            var sheet = (WorksheetPart)workbook.GetPartById(first.Id!.Value!);
            return new XlsxImportFile(document, sheet, ReadSharedStrings(workbook.SharedStringTablePart));
        }
        catch (Exception ex) when (IsBrokenFile(ex))
        {
            document.Dispose();
            throw Unreadable(ex);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    internal static ImportFileException Unreadable(Exception ex) =>
        new("Excelファイル（.xlsx）として読めません。Excelで開いて .xlsx 形式で保存し直してください。", ex);

    public IEnumerable<ImportRow> Rows()
    {
        var rows = _rows ?? throw new InvalidOperationException("Rows can be read once.");
        _rows = null;
        using (rows)
        {
            while (rows.MoveNext())
            {
                var (number, raw) = rows.Current;
                var cells = new ImportCell[Headers.Count];
                Array.Fill(cells, ImportCell.Empty);
                var extra = 0;
                foreach (var (column, cell) in raw)
                {
                    if (column >= 0 && column < cells.Length) cells[column] = cell;
                    else if (!cell.IsBlank) extra++;
                }
                yield return new ImportRow(number, cells, extra);
            }
        }
    }

    private IEnumerable<(int Number, List<(int Column, ImportCell Cell)> Cells)> RawRows()
    {
        using var reader = OpenXmlReader.Create(_sheet);
        var lastNumber = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
            var number = RowNumber(reader, lastNumber);
            lastNumber = number;
            var cells = new List<(int, ImportCell)>();
            if (reader.ReadFirstChild())
            {
                var nextColumn = 0;
                do
                {
                    if (reader.ElementType != typeof(Cell) || !reader.IsStartElement) continue;
                    var cell = (Cell)reader.LoadCurrentElement()!;
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : nextColumn;
                    nextColumn = column + 1;
                    cells.Add((column, Read(cell)));
                }
                while (reader.ReadNextSibling());
            }
            yield return (number, cells);
        }
    }

    private ImportCell Read(Cell cell)
    {
        // A formula is refused whatever it evaluates to: its cached value is whatever Excel
        // computed last, and the incident's wrong numbers came from exactly such cells.
        if (cell.CellFormula is { } formula) return new ImportCell("=" + formula.Text, CellKind.Formula);
        var value = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return new ImportCell(int.TryParse(value, out var index) && index >= 0 && index < _sharedStrings.Count ? _sharedStrings[index] : null, CellKind.Text);
        if (type == CellValues.InlineString) return new ImportCell(StringItemText(cell.InlineString), CellKind.Text);
        if (type == CellValues.String) return new ImportCell(value, CellKind.Text);
        if (type == CellValues.Boolean) return new ImportCell(value == "1" ? "TRUE" : "FALSE", CellKind.Boolean);
        if (type == CellValues.Error) return new ImportCell(value, CellKind.Error);
        return value is null ? ImportCell.Empty : new ImportCell(value, CellKind.Number);
    }

    // What a damaged or non-Excel archive throws while it is opened or read.
    internal static bool IsBrokenFile(Exception ex) =>
        ex is OpenXmlPackageException or InvalidDataException or FormatException or System.Xml.XmlException or IOException;

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null) return strings;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                strings.Add(StringItemText((SharedStringItem)reader.LoadCurrentElement()!) ?? "");
        }
        return strings;
    }

    // The text of a string item: its <t>, or its rich-text runs. Not InnerText: Japanese
    // workbooks carry furigana (<rPh>) that would otherwise be glued onto the value.
    private static string? StringItemText(OpenXmlElement? item) => item switch
    {
        null => null,
        _ when item.GetFirstChild<Text>() is { } text => text.Text,
        _ => string.Concat(item.Elements<Run>().Select(r => r.Text?.Text)),
    };

    private static int RowNumber(OpenXmlReader reader, int lastNumber)
    {
        foreach (var attribute in reader.Attributes)
            if (attribute.LocalName == "r" && int.TryParse(attribute.Value, out var number)) return number;
        return lastNumber + 1;
    }

    // "B12" -> 1: the letters are a base-26 number without a zero digit.
    internal static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z') break;
            index = index * 26 + (c - 'A' + 1);
        }
        return index - 1;
    }

    public void Dispose()
    {
        _rows?.Dispose();
        _document.Dispose();
    }
}
