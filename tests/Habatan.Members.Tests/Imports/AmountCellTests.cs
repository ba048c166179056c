using Habatan.Members.Imports;
using Xunit;

namespace Habatan.Members.Tests.Imports;

// Incident 2: amounts held as text or blanks compared as "different" and 217,120 people were
// reminded instead of 24,308. Every shape of a dirty spreadsheet cell is refused by name.
public sealed class AmountCellTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("5000", 5000L)]
    [InlineData("20000", 20000L)]
    [InlineData("10000000000", 10_000_000_000L)]
    public void APlainNonNegativeIntegerIsAnAmount(string cell, long yen)
    {
        var parsed = AmountCell.Parse(cell);
        Assert.True(parsed.IsValid);
        Assert.Equal(yen, parsed.Yen);
    }

    [Theory]
    [InlineData(null, AmountError.Blank)]
    [InlineData("", AmountError.Blank)]
    [InlineData("   ", AmountError.Blank)]
    [InlineData("\u3000", AmountError.Blank)]
    [InlineData(" 5000", AmountError.Spaces)]
    [InlineData("5000 ", AmountError.Spaces)]
    [InlineData("5 000", AmountError.Spaces)]
    [InlineData("五千", AmountError.Text)]
    [InlineData("N/A", AmountError.Text)]
    [InlineData("#VALUE!", AmountError.Text)]
    [InlineData("true", AmountError.Text)]
    [InlineData("５０００", AmountError.FullWidthDigits)]
    [InlineData("5,000", AmountError.ThousandsSeparator)]
    [InlineData("5，000", AmountError.ThousandsSeparator)]
    [InlineData("5'000", AmountError.ThousandsSeparator)]
    [InlineData("5000.0", AmountError.DecimalPoint)]
    [InlineData("5000.5", AmountError.DecimalPoint)]
    [InlineData("¥5000", AmountError.CurrencyMark)]
    [InlineData("￥5000", AmountError.CurrencyMark)]
    [InlineData("5000円", AmountError.CurrencyMark)]
    [InlineData("=A1*2", AmountError.Formula)]
    [InlineData("=5000", AmountError.Formula)]
    [InlineData("5E+03", AmountError.Exponent)]
    [InlineData("1e4", AmountError.Exponent)]
    [InlineData("-5000", AmountError.Negative)]
    [InlineData("−5000", AmountError.Negative)]
    [InlineData("(5000)", AmountError.Negative)]
    [InlineData("+5000", AmountError.Sign)]
    [InlineData("05000", AmountError.LeadingZero)]
    [InlineData("10000000001", AmountError.TooLarge)]
    [InlineData("99999999999999999999", AmountError.TooLarge)]
    public void EveryOtherShapeIsAnErrorNamedForWhatItIs(string? cell, AmountError expected)
    {
        var parsed = AmountCell.Parse(cell);
        Assert.False(parsed.IsValid);
        Assert.Equal(expected, parsed.Error);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Error!.Value.Reason()));
    }

    [Fact]
    public void EveryErrorHasAReasonOpsCanRead()
    {
        foreach (var error in Enum.GetValues<AmountError>())
            Assert.Matches(@"\p{IsHiragana}|\p{IsKatakana}|\p{IsCJKUnifiedIdeographs}", error.Reason());
    }
}
