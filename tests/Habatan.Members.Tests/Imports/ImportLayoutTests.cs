using Habatan.Members.Imports;

namespace Habatan.Members.Tests.Imports;

// Headers are checked by name, in any order; nothing unexpected is ignored silently.
public sealed class ImportLayoutTests
{
    private static readonly ImportLayout Layout = new(
        ["キャンペーン", "当選額"],
        ["備考欄"],
        ["メールアドレス", "会員ID"]
    );

    private static (bool Ok, List<ImportCellError> Errors) Map(params string[] headers)
    {
        using var errors = new ImportErrorSink();
        var ok = Layout.TryMap(headers, errors, out _);
        return (ok, errors.All().ToList());
    }

    [Fact]
    public void ColumnsMayComeInAnyOrder()
    {
        using var errors = new ImportErrorSink();
        Assert.True(Layout.TryMap(["当選額", "会員ID", "キャンペーン"], errors, out var columns));
        var row = new Members.Imports.Files.ImportRow(
            2,
            [
                new("5000", Members.Imports.Files.CellKind.Plain),
                new("abc", Members.Imports.Files.CellKind.Plain),
                new("C1", Members.Imports.Files.CellKind.Plain),
            ],
            0
        );
        Assert.Equal("5000", columns.Cell(row, "当選額").Text);
        Assert.Equal("C1", columns.Cell(row, "キャンペーン").Text);
        Assert.False(columns.Has("メールアドレス"));
    }

    [Fact]
    public void MissingUnknownDuplicateAndBlankHeadersAreEachReported()
    {
        var (ok, errors) = Map("メールアドレス", "当選金額", "当選額", "当選額", "");

        Assert.False(ok);
        Assert.All(errors, e => Assert.Equal(1, e.Row));
        Assert.Contains(
            errors,
            e => e.Column == "当選金額" && e.Reason.StartsWith("不明な列です", StringComparison.Ordinal)
        );
        Assert.Contains(errors, e => e.Column == "当選額" && e.Reason.Contains("複数", StringComparison.Ordinal));
        Assert.Contains(
            errors,
            e =>
                e.Column.Contains("5列目", StringComparison.Ordinal)
                && e.Reason.Contains("空欄", StringComparison.Ordinal)
        );
        Assert.Contains(errors, e => e.Column == "キャンペーン" && e.Reason == "必須の列がありません。");
    }

    [Fact]
    public void ExactlyOneOfEmailAndMemberIdNamesTheMember()
    {
        Assert.False(Map("キャンペーン", "当選額").Ok);
        Assert.False(Map("キャンペーン", "当選額", "メールアドレス", "会員ID").Ok);
        Assert.True(Map("キャンペーン", "当選額", "メールアドレス").Ok);
        Assert.True(Map(" キャンペーン ", "当選額", "会員ID", "備考欄").Ok);
    }
}
