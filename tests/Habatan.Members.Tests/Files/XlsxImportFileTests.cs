using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Habatan.Members.Imports.Files;

namespace Habatan.Members.Tests.Files;

public sealed class XlsxImportFileTests
{
    private static List<ImportRow> Read(byte[] workbook, out IReadOnlyList<string> headers)
    {
        using var file = XlsxImportFile.Open(new MemoryStream(workbook));
        headers = file.Headers;
        return file.Rows().ToList();
    }

    [Fact]
    public void CellsKeepTheTypeTheWorkbookStored()
    {
        var rows = Read(
            XlsxFile.Build([
                ["テキスト", "数値", "数式", "論理", "インライン"],
                [
                    new XText("12000"),
                    new XNumber("12000"),
                    new XFormula("B2*2", "24000"),
                    new XBoolean(true),
                    new XInline("hanako@example.jp"),
                ],
            ]),
            out var headers
        );

        Assert.Equal(["テキスト", "数値", "数式", "論理", "インライン"], headers);
        var cells = rows.Single().Cells;
        Assert.Equal(new ImportCell("12000", CellKind.Text), cells[0]);
        Assert.Equal(new ImportCell("12000", CellKind.Number), cells[1]);
        // A formula is a formula whatever Excel cached for it.
        Assert.Equal(new ImportCell("=B2*2", CellKind.Formula), cells[2]);
        Assert.Equal(CellKind.Boolean, cells[3].Kind);
        Assert.Equal(new ImportCell("hanako@example.jp", CellKind.Text), cells[4]);
    }

    [Fact]
    public void MissingCellsAreBlankAndRowNumbersComeFromTheSheet()
    {
        var rows = Read(
            XlsxFile.Build([
                ["a", "b", "c"],
                [null, "only b", null],
                [],
                ["x", null, 5L],
            ]),
            out _
        );

        Assert.Equal([2, 3, 4], rows.Select(r => r.Number));
        Assert.True(rows[0].Cells[0].IsBlank);
        Assert.Equal("only b", rows[0].Cells[1].Text);
        Assert.True(rows[1].IsEmpty);
        Assert.Equal(new ImportCell("5", CellKind.Number), rows[2].Cells[2]);
    }

    [Fact]
    public void CellsBeyondTheLastHeaderAreCounted()
    {
        var rows = Read(
            XlsxFile.Build([
                ["a"],
                ["1", "stray"],
            ]),
            out _
        );

        Assert.Equal(1, rows.Single().ExtraCells);
    }

    [Fact]
    public void FuriganaIsNotPartOfASharedString()
    {
        // Japanese Excel stores the reading of a typed name next to it (<rPh>); InnerText would
        // glue it onto the value.
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(
                new Sheets(
                    new Sheet
                    {
                        Id = "rId1",
                        SheetId = 1,
                        Name = "s",
                    }
                )
            );
            var sheet = workbook.AddNewPart<WorksheetPart>("rId1");
            sheet.Worksheet = new Worksheet(
                new SheetData(
                    new Row(
                        new Cell
                        {
                            CellReference = "A1",
                            DataType = CellValues.SharedString,
                            CellValue = new CellValue("0"),
                        }
                    )
                    {
                        RowIndex = 1,
                    }
                )
            );
            workbook.AddNewPart<SharedStringTablePart>().SharedStringTable = new SharedStringTable(
                new SharedStringItem(
                    new Text("当選額"),
                    new PhoneticRun(new Text("トウセンガク")) { BaseTextStartIndex = 0, EndingBaseIndex = 3 }
                )
            );
        }

        using var file = XlsxImportFile.Open(new MemoryStream(output.ToArray()));
        Assert.Equal(["当選額"], file.Headers);
    }

    [Fact]
    public void ABrokenArchiveIsRefusedAsAWhole()
    {
        byte[] broken = [.. "PK\x03\x04"u8, .. new byte[64]];

        Assert.Throws<ImportFileException>(() => XlsxImportFile.Open(new MemoryStream(broken)));
    }

    [Theory]
    [InlineData("A1", 0)]
    [InlineData("Z9", 25)]
    [InlineData("AA10", 26)]
    [InlineData("AZ3", 51)]
    [InlineData("XFD1048576", 16_383)]
    // Outside Excel's sheet, or not a reference at all (issue 13, class 7).
    [InlineData("XFE1", -1)]
    [InlineData("ZZZZZZ1", -1)]
    [InlineData("A99999999", -1)]
    [InlineData("A1048577", -1)]
    [InlineData("A0", -1)]
    [InlineData("1A", -1)]
    [InlineData("A", -1)]
    [InlineData("a1", -1)]
    public void ColumnLettersBecomeIndexes(string reference, int index) =>
        Assert.Equal(index, XlsxImportFile.ColumnIndex(reference));
}
