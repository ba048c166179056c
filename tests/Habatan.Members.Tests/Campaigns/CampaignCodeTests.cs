using Habatan.Contracts.Campaigns;
using Habatan.Members.Imports;
using Habatan.Members.Imports.Files;

namespace Habatan.Members.Tests.Campaigns;

// The one campaign-code rule, as every service applies it (Contracts/Campaigns/CampaignCode).
public sealed class CampaignCodeTests
{
    [Theory]
    [InlineData("habatan-2026-ippan", true)]
    [InlineData("kosodate-2025-extra", true)]
    [InlineData("2026", true)]
    [InlineData("HABATAN-2026-IPPAN", false)]
    [InlineData("Habatan-2026", false)]
    [InlineData(" habatan-2026", false)]
    [InlineData("habatan-2026 ", false)]
    [InlineData("habatan-2026\n", false)] // .NET's $ would let this through; PostgreSQL's CHECK would not
    [InlineData("habatan_2026", false)]
    [InlineData("-habatan", false)]
    [InlineData("ｈａｂａｔａｎ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OneSpellingOnly(string? code, bool valid) => Assert.Equal(valid, CampaignCode.IsValid(code));

    [Fact]
    public void FortyCharactersAtMost()
    {
        Assert.True(CampaignCode.IsValid(new string('a', 40)));
        Assert.False(CampaignCode.IsValid(new string('a', 41)));
    }

    [Fact]
    public void ARefusedCodeIsDescribedNotRepeated()
    {
        Assert.Equal("19 chars, probably meant \"habatan-2026-ippan\"", CampaignCode.Describe(" HABATAN-2026-IPPAN"));
        var described = CampaignCode.Describe("taro.yamada@example.jp");
        Assert.DoesNotContain("taro", described, StringComparison.Ordinal);
        Assert.Equal("22 chars, not a campaign code", described);
    }

    [Theory]
    [InlineData("HABATAN-2026-IPPAN", "habatan-2026-ippan")]
    [InlineData(" habatan-2026-ippan ", "habatan-2026-ippan")]
    public void AnImportCellRightButForCaseOrSpacesIsRefusedWithTheFix(string text, string meant)
    {
        var reason = CellRules.CampaignCode(new ImportCell(text, CellKind.Plain), out var code);
        Assert.Equal("", code);
        Assert.Contains($"「{meant}」", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnImportCellOutsideTheRuleIsRefusedWithTheRule()
    {
        Assert.Equal(CampaignCode.Rule, CellRules.CampaignCode(new ImportCell("habatan_2026", CellKind.Plain), out _));
        Assert.Contains(
            CampaignCode.Rule,
            CellRules.CampaignCode(new ImportCell("", CellKind.Plain), out _),
            StringComparison.Ordinal
        );
        Assert.Null(CellRules.CampaignCode(new ImportCell("habatan-2026-ippan", CellKind.Text), out var code));
        Assert.Equal("habatan-2026-ippan", code);
    }
}
