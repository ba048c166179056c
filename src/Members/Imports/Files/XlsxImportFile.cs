using System.Globalization;
using DocumentFormat.OpenXml.Packaging;

namespace Habatan.Members.Imports.Files;

// The first worksheet of an .xlsx workbook. The archive is checked from its directory first
// (XlsxArchive); the SDK then only finds the parts, and the workbook, shared strings and sheet
// are read with a guarded XmlReader (GuardedXml), row by row, so that neither a sheet of a
// million rows nor a hostile one ever sits in memory. Each cell keeps its stored type: a number
// stored as a number, a string (shared or inline), a formula (<f>, whatever its cached value),
// a boolean or an error value. The first row holds the headers.
public sealed class XlsxImportFile : IImportFile
{
    private readonly SpreadsheetDocument _document;
    private readonly WorksheetPart _sheet;
    private readonly List<string> _sharedStrings;
    private readonly ImportFileLimits _limits;
    private IEnumerator<(int Number, List<(int Column, ImportCell Cell)> Cells)>? _rows;

    private XlsxImportFile(
        SpreadsheetDocument document,
        WorksheetPart sheet,
        List<string> sharedStrings,
        ImportFileLimits limits
    )
    {
        _document = document;
        _sheet = sheet;
        _sharedStrings = sharedStrings;
        _limits = limits;
        _rows = RawRows().GetEnumerator();
        if (!_rows.MoveNext())
            throw new ImportFileException("シートが空です。1行目に見出し（列名）が必要です。");
        var header = _rows.Current.Cells.Where(c => !c.Cell.IsBlank).ToList();
        var width = header.Count == 0 ? 0 : header.Max(c => c.Column) + 1;
        if (width > limits.MaxHeaderColumns)
            throw new ImportFileException(
                $"見出しの列が多すぎます（{limits.MaxHeaderColumns}列まで）。不要な列を削除してください。",
                null,
                _rows.Current.Number,
                ColumnName(width - 1)
            );
        var headers = new string[width];
        Array.Fill(headers, "");
        foreach (var (column, cell) in header)
            headers[column] = cell.Text ?? "";
        Headers = headers;
    }

    public IReadOnlyList<string> Headers { get; }

    public static XlsxImportFile Open(Stream file, ImportFileLimits? limits = null)
    {
        limits ??= ImportFileLimits.Default;
        XlsxArchive.Check(file, limits);
        SpreadsheetDocument document;
        try
        {
            var settings = new OpenSettings { MaxCharactersInPart = limits.MaxPartBytes };
            document = SpreadsheetDocument.Open(file, isEditable: false, settings);
        }
        catch (Exception ex) when (IsBrokenFile(ex))
        {
            throw Unreadable(ex);
        }

        try
        {
            var workbook = document.WorkbookPart ?? throw new ImportFileException("ブックにシートがありません。");
            var first = FirstSheetId(workbook, limits) ?? throw new ImportFileException("ブックにシートがありません。");
            if (workbook.GetPartById(first) is not WorksheetPart sheet)
                throw new ImportFileException(
                    "最初のシートが表のシートではありません。表を最初のシートにして保存し直してください。"
                );
            var sharedStrings = ReadSharedStrings(workbook.SharedStringTablePart, limits);
            return new XlsxImportFile(document, sheet, sharedStrings, limits);
        }
        catch (Exception ex) when (IsBrokenFile(ex) || ex is KeyNotFoundException or ArgumentException)
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

    internal static ImportFileException Unreadable(Exception? ex) =>
        new("Excelファイル（.xlsx）として読めません。Excelで開いて .xlsx 形式で保存し直してください。", ex);

    public IEnumerable<ImportRow> Rows()
    {
        var rows = _rows ?? throw new InvalidOperationException("Rows can be read once.");
        _rows = null;
        using (rows)
        {
            while (true)
            {
                try
                {
                    if (!rows.MoveNext())
                        break;
                }
                catch (Exception ex) when (IsBrokenFile(ex))
                {
                    // A sheet damaged past its first rows fails while rows are read.
                    throw Unreadable(ex);
                }
                var (number, raw) = rows.Current;
                var cells = new ImportCell[Headers.Count];
                Array.Fill(cells, ImportCell.Empty);
                var extra = 0;
                foreach (var (column, cell) in raw)
                {
                    if (column < cells.Length)
                        cells[column] = cell;
                    else if (!cell.IsBlank)
                        extra++;
                }
                yield return new ImportRow(number, cells, extra);
            }
        }
    }

    private IEnumerable<(int Number, List<(int Column, ImportCell Cell)> Cells)> RawRows()
    {
        using var xml = new GuardedXml(_sheet.GetStream(FileMode.Open, FileAccess.Read), _limits);
        var lastNumber = 0;
        while (xml.Read())
        {
            if (!xml.IsStart("row"))
                continue;
            var number = RowNumber(xml.Attribute("r"), lastNumber);
            lastNumber = number;
            var cells = new List<(int, ImportCell)>();
            if (!xml.IsEmptyElement)
            {
                var depth = xml.Depth;
                var nextColumn = 0;
                while (xml.Read() && xml.Depth > depth)
                {
                    if (!xml.IsStart("c") || xml.Depth != depth + 1)
                        continue;
                    var reference = xml.Attribute("r");
                    var column = reference is null
                        ? nextColumn
                        : ColumnIndex(reference, _limits.MaxColumns, _limits.MaxRows);
                    if (column < 0 || column >= _limits.MaxColumns)
                        throw BadReference(reference ?? ColumnName(column) + number, number);
                    nextColumn = column + 1;
                    cells.Add((column, ReadCell(xml, number, reference ?? ColumnName(column) + number)));
                }
            }
            yield return (number, cells);
        }
    }

    // A formula is refused whatever it evaluates to: its cached value is whatever Excel computed
    // last, and the incident's wrong numbers came from exactly such cells.
    private ImportCell ReadCell(GuardedXml xml, int row, string reference)
    {
        var type = xml.Attribute("t");
        string? formula = null,
            value = null,
            inline = null;
        if (!xml.IsEmptyElement)
        {
            var depth = xml.Depth;
            while (xml.Read() && xml.Depth > depth)
            {
                if (!xml.IsElement || xml.Depth != depth + 1)
                    continue;
                switch (xml.LocalName)
                {
                    case "f":
                        formula = xml.ReadText(row, reference);
                        break;
                    case "v":
                        value = xml.ReadText(row, reference);
                        break;
                    case "is":
                        inline = xml.ReadStringItem(row, reference);
                        break;
                }
            }
        }
        if (formula is not null)
            return new ImportCell("=" + formula, CellKind.Formula);
        return type switch
        {
            "s" => new ImportCell(SharedString(value), CellKind.Text),
            "inlineStr" => new ImportCell(inline, CellKind.Text),
            "str" => new ImportCell(value, CellKind.Text),
            "b" => new ImportCell(value == "1" ? "TRUE" : "FALSE", CellKind.Boolean),
            "e" => new ImportCell(value, CellKind.Error),
            _ => value is null ? ImportCell.Empty : new ImportCell(value, CellKind.Number),
        };
    }

    private string? SharedString(string? index) =>
        int.TryParse(index, out var i) && i >= 0 && i < _sharedStrings.Count ? _sharedStrings[i] : null;

    // What a damaged or non-Excel archive throws while it is opened or read.
    internal static bool IsBrokenFile(Exception ex) =>
        ex
            is OpenXmlPackageException
                or InvalidDataException
                or FormatException
                or System.Xml.XmlException
                or IOException;

    // workbook.xml's first <sheet r:id="...">, read without building the SDK's DOM of it.
    private static string? FirstSheetId(WorkbookPart workbook, ImportFileLimits limits)
    {
        using var xml = new GuardedXml(workbook.GetStream(FileMode.Open, FileAccess.Read), limits);
        while (xml.Read())
            if (xml.IsStart("sheet"))
                return xml.Attribute("id");
        return null;
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part, ImportFileLimits limits)
    {
        var strings = new List<string>();
        if (part is null)
            return strings;
        using var xml = new GuardedXml(part.GetStream(FileMode.Open, FileAccess.Read), limits);
        long chars = 0;
        while (xml.Read())
        {
            if (!xml.IsStart("si") || xml.Depth != 1)
                continue;
            var text = xml.ReadStringItem(0, "共有文字列");
            chars += text.Length;
            if (chars > limits.MaxSharedStringChars || strings.Count >= limits.MaxSharedStrings)
                throw new ImportFileException(
                    $"ブックの文字列が多すぎます（合計 {limits.MaxSharedStringChars / (1024 * 1024)}M 文字まで）。"
                        + "必要な列と行だけのシートにするか、CSV にしてください。"
                );
            strings.Add(text);
        }
        return strings;
    }

    private int RowNumber(string? attribute, int lastNumber)
    {
        var number =
            attribute is null ? lastNumber + 1
            : int.TryParse(attribute, out var n) ? n
            : -1;
        if (number < 1 || number > _limits.MaxRows)
            throw new ImportFileException(
                $"行番号「{Shorten(attribute ?? (lastNumber + 1).ToString(CultureInfo.InvariantCulture))}」が"
                    + $"Excelのシートの範囲（{_limits.MaxRows}行まで）を超えているか、正しくありません。",
                null,
                Math.Max(0, lastNumber + 1),
                "行番号"
            );
        return number;
    }

    // "B12" -> 1: the letters are a base-26 number without a zero digit. -1 unless the reference
    // is letters then a row number, both within the sheet ("ZZZZZZ1", "A99999999", "1A" are not).
    internal static int ColumnIndex(string reference, int maxColumns = 16_384, int maxRows = 1_048_576)
    {
        var index = 0;
        var i = 0;
        for (; i < reference.Length && reference[i] is >= 'A' and <= 'Z'; i++)
        {
            index = index * 26 + (reference[i] - 'A' + 1);
            if (index > maxColumns)
                return -1;
        }
        if (i == 0 || i == reference.Length || reference.Length - i > 7)
            return -1;
        var digits = reference.AsSpan(i);
        return int.TryParse(digits, NumberStyles.None, null, out var row) && row >= 1 && row <= maxRows
            ? index - 1
            : -1;
    }

    private ImportFileException BadReference(string reference, int row) =>
        new(
            $"セル番地「{Shorten(reference)}」がExcelのシートの範囲（A1〜XFD{_limits.MaxRows}）を超えているか、正しくありません。Excelで開いて保存し直してください。",
            null,
            row,
            Shorten(reference)
        );

    private static string Shorten(string text) => text.Length > 20 ? text[..20] + "…" : text;

    private static string ColumnName(int index) =>
        index < 0 ? "?"
        : index < 26 ? ((char)('A' + index)).ToString()
        : ColumnName(index / 26 - 1) + (char)('A' + index % 26);

    public void Dispose()
    {
        _rows?.Dispose();
        _document.Dispose();
    }
}
