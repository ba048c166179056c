using Habatan.Members.Imports;

namespace Habatan.Members.Tests.Imports;

public sealed class ImportReportTests
{
    // The report quotes the refused cells back, formulas included; opened in Excel it must show
    // them, not run them.
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-500", "'-500")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("1,000", "\"1,000\"")]
    [InlineData("abc", "abc")]
    public void CellsThatExcelWouldRunAreDefused(string value, string written) =>
        Assert.Equal(written, ImportHistory.Csv(value));

    [Fact]
    public void ErrorsBeyondTheResponseAreKeptForTheReport()
    {
        using var errors = new ImportErrorSink();
        for (var row = 2; row < 2 + ImportErrorSink.KeptInResponse + 50; row++)
            errors.Add(row, "当選額", row % 2 == 0 ? null : "x", "理由");

        Assert.Equal(ImportErrorSink.KeptInResponse, errors.First.Count);
        var all = errors.All().ToList();
        Assert.Equal(ImportErrorSink.KeptInResponse + 50, all.Count);
        Assert.Equal(new ImportCellError(2 + ImportErrorSink.KeptInResponse + 49, "当選額", "x", "理由"), all[^1]);
        Assert.Null(all[0].Value);
    }
}
