using System.Text;
using Habatan.Members.Imports.Files;

namespace Habatan.Members.Tests.Files;

public sealed class CsvImportFileTests
{
    private static List<ImportRow> Read(string csv, out IReadOnlyList<string> headers)
    {
        using var file = CsvImportFile.Open(
            new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)])
        );
        headers = file.Headers;
        return file.Rows().ToList();
    }

    [Fact]
    public void QuotedFieldsKeepCommasQuotesAndLineBreaks()
    {
        var rows = Read(
            "メールアドレス,当選額\r\n\"a,b@example.jp\",\"say \"\"12000\"\"\"\r\n\"line\r\nbreak@example.jp\",5000\r\n",
            out var headers
        );

        Assert.Equal(["メールアドレス", "当選額"], headers);
        Assert.Equal("a,b@example.jp", rows[0].Cells[0].Text);
        Assert.Equal("say \"12000\"", rows[0].Cells[1].Text);
        Assert.Equal("line\r\nbreak@example.jp", rows[1].Cells[0].Text);
        Assert.All(rows.SelectMany(r => r.Cells), c => Assert.Equal(CellKind.Plain, c.Kind));
    }

    [Fact]
    public void RowNumbersCountRecordsAsASpreadsheetShowsThem()
    {
        var rows = Read("a,b\n1,\"x\ny\"\n2,z\n", out _);

        // The header is row 1; a quoted line break does not start a new row.
        Assert.Equal([2, 3], rows.Select(r => r.Number));
    }

    [Fact]
    public void ShortRowsAreBlankAndLongRowsCountTheirExtraCells()
    {
        var rows = Read("a,b\n1\n1,2,3,4\n", out _);

        Assert.True(rows[0].Cells[1].IsBlank);
        Assert.Equal(0, rows[0].ExtraCells);
        Assert.Equal(2, rows[1].ExtraCells);
    }

    [Fact]
    public void FileThatIsNotUtf8IsRefusedAsAWhole()
    {
        // "当選額" in Shift_JIS: what an older Excel writes for "CSV (comma delimited)".
        byte[] shiftJis = [0x93, 0x96, 0x91, 0x49, 0x8A, 0x7A, 0x0D, 0x0A, 0x31, 0x0D, 0x0A];

        var error = Assert.Throws<ImportFileException>(() =>
        {
            using var file = CsvImportFile.Open(new MemoryStream(shiftJis));
            _ = file.Rows().ToList();
        });
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }
}
