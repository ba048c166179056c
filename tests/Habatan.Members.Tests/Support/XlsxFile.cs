using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Habatan.Members.Tests.Support;

// Writes .xlsx workbooks as Excel stores them (shared strings, typed number cells, formulas
// with a cached value), streamed with OpenXmlWriter so a test can make hundreds of thousands of
// rows. A row is a list of cells; null leaves the cell out.
public static class XlsxFile
{
    public static byte[] Build(IEnumerable<IReadOnlyList<XCell?>> rows)
    {
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(
                new Sheets(
                    new Sheet
                    {
                        Id = "rIdSheet1",
                        SheetId = 1,
                        Name = "名簿",
                    }
                )
            );
            var sheet = workbook.AddNewPart<WorksheetPart>("rIdSheet1");
            var shared = new Dictionary<string, int>(StringComparer.Ordinal);

            using (var writer = OpenXmlWriter.Create(sheet))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                var number = 0;
                foreach (var row in rows)
                {
                    number++;
                    writer.WriteStartElement(
                        new Row(),
                        [
                            new OpenXmlAttribute(
                                "r",
                                "",
                                number.ToString(System.Globalization.CultureInfo.InvariantCulture)
                            ),
                        ]
                    );
                    for (var column = 0; column < row.Count; column++)
                    {
                        if (row[column] is { } cell)
                            writer.WriteElement(cell.ToCell($"{ColumnName(column)}{number}", shared));
                    }
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            var strings = workbook.AddNewPart<SharedStringTablePart>();
            using (var writer = OpenXmlWriter.Create(strings))
            {
                writer.WriteStartElement(new SharedStringTable());
                foreach (var text in shared.OrderBy(s => s.Value).Select(s => s.Key))
                    writer.WriteElement(
                        new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve })
                    );
                writer.WriteEndElement();
            }
        }
        return output.ToArray();
    }

    private static string ColumnName(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);
}

public abstract record XCell
{
    public static implicit operator XCell(string text) => new XText(text);

    public static implicit operator XCell(long number) =>
        new XNumber(number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal abstract Cell ToCell(string reference, Dictionary<string, int> shared);
}

// A string cell, kept in the shared string table as Excel does.
public sealed record XText(string Text) : XCell
{
    internal override Cell ToCell(string reference, Dictionary<string, int> shared)
    {
        if (!shared.TryGetValue(Text, out var index))
            shared[Text] = index = shared.Count;
        return new Cell
        {
            CellReference = reference,
            DataType = CellValues.SharedString,
            CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
    }
}

// A number cell, with the value exactly as stored in <v> (e.g. "1.5", "1E+21").
public sealed record XNumber(string Stored) : XCell
{
    internal override Cell ToCell(string reference, Dictionary<string, int> shared) =>
        new() { CellReference = reference, CellValue = new CellValue(Stored) };
}

public sealed record XFormula(string Formula, string CachedValue) : XCell
{
    internal override Cell ToCell(string reference, Dictionary<string, int> shared) =>
        new()
        {
            CellReference = reference,
            CellFormula = new CellFormula(Formula),
            CellValue = new CellValue(CachedValue),
        };
}

public sealed record XBoolean(bool Value) : XCell
{
    internal override Cell ToCell(string reference, Dictionary<string, int> shared) =>
        new()
        {
            CellReference = reference,
            DataType = CellValues.Boolean,
            CellValue = new CellValue(Value ? "1" : "0"),
        };
}

public sealed record XInline(string Text) : XCell
{
    internal override Cell ToCell(string reference, Dictionary<string, int> shared) =>
        new()
        {
            CellReference = reference,
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(Text)),
        };
}
