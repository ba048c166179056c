using Habatan.Members.Imports;
using Habatan.Members.Imports.Files;

namespace Habatan.Members.Tests.Imports;

// The strict rules per cell, with what a spreadsheet adds to CSV: a stored type.
public sealed class CellRulesTests
{
    [Fact]
    public void AnAmountInASpreadsheetMustBeStoredAsANumber()
    {
        Assert.Null(CellRules.Amount(new ImportCell("12000", CellKind.Number), out var yen));
        Assert.Equal(12000, yen);
        Assert.Null(CellRules.Amount(new ImportCell("12000", CellKind.Plain), out _));
        Assert.Equal(
            AmountError.StoredAsText.Reason(),
            CellRules.Amount(new ImportCell("12000", CellKind.Text), out _)
        );
    }

    [Theory]
    [InlineData("1.5", AmountError.DecimalPoint)]
    [InlineData("1E+21", AmountError.Exponent)]
    [InlineData("-500", AmountError.Negative)]
    public void ANumberCellStillHasToBeAPlainInteger(string stored, AmountError expected) =>
        Assert.Equal(expected.Reason(), CellRules.Amount(new ImportCell(stored, CellKind.Number), out _));

    [Fact]
    public void FormulasBooleansAndErrorValuesAreNeverValues()
    {
        Assert.Contains(
            "数式",
            CellRules.Amount(new ImportCell("=B2*2", CellKind.Formula), out _),
            StringComparison.Ordinal
        );
        Assert.NotNull(CellRules.Amount(new ImportCell("TRUE", CellKind.Boolean), out _));
        Assert.NotNull(CellRules.Flag(new ImportCell("#N/A", CellKind.Error), out _));
        Assert.NotNull(CellRules.Email(new ImportCell("=A1", CellKind.Formula), out _));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void FlagsAreOneOrZero(string text, bool expected)
    {
        Assert.Null(CellRules.Flag(new ImportCell(text, CellKind.Plain), out var flag));
        Assert.Equal(expected, flag);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("")]
    [InlineData("１")]
    public void AnythingElseIsNotAFlag(string text) =>
        Assert.NotNull(CellRules.Flag(new ImportCell(text, CellKind.Plain), out _));

    [Fact]
    public void WithdrawalDatesAreIsoDaysOrSpreadsheetSerials()
    {
        Assert.Null(CellRules.OptionalDate(ImportCell.Empty, out var none));
        Assert.Null(none);
        Assert.Null(CellRules.OptionalDate(new ImportCell("2026-03-31", CellKind.Plain), out var iso));
        Assert.Equal(new DateOnly(2026, 3, 31), iso);
        Assert.Null(CellRules.OptionalDate(new ImportCell("46112", CellKind.Number), out var serial));
        Assert.Equal(new DateOnly(2026, 3, 31), serial);
        Assert.NotNull(CellRules.OptionalDate(new ImportCell("2026/3/31", CellKind.Plain), out _));
        Assert.NotNull(CellRules.OptionalDate(new ImportCell("46112.5", CellKind.Number), out _));
    }

    [Fact]
    public void EmailsMemberIdsAndCampaignCodesAreChecked()
    {
        Assert.Null(CellRules.Email(new ImportCell("Hanako@Example.jp", CellKind.Plain), out var email));
        Assert.Equal("hanako@example.jp", email.Normalized);
        Assert.NotNull(CellRules.Email(new ImportCell(" hanako@example.jp", CellKind.Plain), out _));
        Assert.NotNull(CellRules.Email(new ImportCell("hanako", CellKind.Plain), out _));
        Assert.Null(CellRules.MemberId(new ImportCell(new string('a', 32), CellKind.Plain), out _));
        Assert.NotNull(CellRules.MemberId(new ImportCell(new string('A', 32), CellKind.Plain), out _));
        Assert.Null(CellRules.CampaignCode(new ImportCell("habatan-2026-1", CellKind.Plain), out _));
        // One rule across services (Contracts/Campaigns/CampaignCode): no underscore, no upper case.
        Assert.NotNull(CellRules.CampaignCode(new ImportCell("habatan-2026_1", CellKind.Plain), out _));
        Assert.NotNull(CellRules.CampaignCode(new ImportCell("HABATAN-2026-1", CellKind.Plain), out _));
        Assert.NotNull(CellRules.CampaignCode(new ImportCell("はばタン", CellKind.Plain), out _));
    }

    [Fact]
    public void UnitsAreSmallNonNegativeIntegers()
    {
        Assert.Null(CellRules.Units(new ImportCell("5", CellKind.Number), out var units));
        Assert.Equal(5, units);
        Assert.Contains("口数", CellRules.Units(ImportCell.Empty, out _), StringComparison.Ordinal);
        Assert.NotNull(CellRules.Units(new ImportCell("1001", CellKind.Number), out _));
    }
}
