using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Habatan.ServiceDefaults.Input;

namespace Habatan.Members.Tests.Input;

// The one input-text rule (ServiceDefaults/Input/InputText), member by member of each class it refuses.
public sealed class InputTextTests
{
    public static TheoryData<int> C0Controls() => [.. Enumerable.Range(0x00, 0x20)];

    public static TheoryData<int> DeleteAndC1Controls() => [.. Enumerable.Range(0x7F, 0x21)];

    [Theory]
    [MemberData(nameof(C0Controls))]
    public void EveryC0ControlIsRefusedInAOneLineText(int control)
    {
        var text = $"山田{(char)control}太郎";
        Assert.Equal(2, InputText.FirstRefused(text));
        Assert.StartsWith("3文字目に", InputText.Refusal(text), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(C0Controls))]
    public void AMultiLineTextTakesOnlyTabAndLineBreaks(int control)
    {
        var text = $"理由{(char)control}です";
        Assert.Equal(control is 0x09 or 0x0A or 0x0D, InputText.IsAcceptable(text, TextLines.MultiLine));
    }

    [Theory]
    [MemberData(nameof(DeleteAndC1Controls))]
    public void DeleteAndEveryC1ControlIsRefusedEvenInAMultiLineText(int control)
    {
        Assert.False(InputText.IsAcceptable($"a{(char)control}b"));
        Assert.False(InputText.IsAcceptable($"a{(char)control}b", TextLines.MultiLine));
    }

    // Written escaped: xunit names a case by its data in UTF-8, where every half pair is U+FFFD, so
    // cases written as "\ud800" and "\udc00" were one case to it and the second was skipped.
    [Theory]
    [InlineData(@"\ud800")]
    [InlineData(@"a\ud800b")]
    [InlineData(@"\udc00")]
    [InlineData(@"a\udfffb")]
    [InlineData(@"\udc00\ud800")]
    [InlineData(@"end\udbff")]
    public void AHalfOfASurrogatePairIsRefused(string escaped) =>
        Assert.NotNull(InputText.Refusal(Regex.Unescape(escaped), TextLines.MultiLine));

    [Theory]
    [InlineData("\uFFFD")]
    [InlineData("\uFFFE")]
    [InlineData("\uFFFF")]
    public void TheReplacementCharacterAndNoncharactersAreRefused(string text) =>
        Assert.False(InputText.IsAcceptable(text));

    [Theory]
    [InlineData("兵庫県神戸市中央区下山手通5-10-1")]
    [InlineData("𠮷田 はなこ")]
    [InlineData("Hanako O'Brien-Smith")]
    [InlineData("家族👨‍👩‍👧")]
    [InlineData("")]
    public void OrdinaryTextIncludingPairedSurrogatesIsAccepted(string text) => Assert.Null(InputText.Refusal(text));

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x41, 0xC3 })]
    [InlineData(new byte[] { 0xE3, 0x81 })]
    [InlineData(new byte[] { 0x80, 0x41 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0x80 })]
    [InlineData(new byte[] { 0xC1, 0xBF })]
    [InlineData(new byte[] { 0xE0, 0x80, 0xAF })]
    [InlineData(new byte[] { 0xF0, 0x80, 0x80, 0xAF })]
    public void InvalidAndOverlongUtf8IsRefusedNotReplaced(byte[] bytes)
    {
        Assert.Null(InputText.DecodeUtf8(bytes));
        // What a lenient decoder (a multipart form field) makes of the same bytes is refused too.
        Assert.False(InputText.IsAcceptable(Encoding.UTF8.GetString(bytes)));
    }

    [Fact]
    public void ValidUtf8IsDecoded()
    {
        Assert.Equal("はばタン", InputText.DecodeUtf8(Encoding.UTF8.GetBytes("はばタン")));
        Assert.Null(InputText.DecodeUtf8(Encoding.UTF8.GetBytes("a\0b")));
    }

    [Fact]
    public void EveryStringOfAJsonDocumentIsCheckedAndNamedByItsPath()
    {
        using var document = JsonDocument.Parse(
            """
            {
              "representative": {"familyName": "山田\u0000", "email": "a@example.jp"},
              "householdMembers": [{"givenName": "\ud800"}],
              "units": 1
            }
            """
        );
        var refusals = JsonTexts.Refusals(document.RootElement);
        Assert.Equal(
            ["householdMembers[0].givenName", "representative.familyName"],
            refusals.Keys.Order(StringComparer.Ordinal)
        );
    }
}
