using System.Text.RegularExpressions;
using Habatan.ServiceDefaults.Input;

namespace Habatan.Members.Tests.Input;

// The one address rule (ServiceDefaults/Input/EmailAddress) for sign-in, roster, entitlements and every e-mail field.
public sealed class EmailAddressTests
{
    public static TheoryData<char> InvisibleCharacters() =>
        [
            '\uFEFF',
            '\u200B',
            '\u200C',
            '\u200D',
            '\u2060',
            '\u200E',
            '\u200F',
            '\u202A',
            '\u202B',
            '\u202C',
            '\u202D',
            '\u202E',
            '\u2066',
            '\u2067',
            '\u2068',
            '\u2069',
            '\u00AD',
        ];

    [Theory]
    [MemberData(nameof(InvisibleCharacters))]
    public void AnInvisibleCharacterAnywhereInAnAddressIsRefusedAndSaidSo(char invisible)
    {
        string[] addresses =
        [
            $"{invisible}hanako@example.jp",
            $"hana{invisible}ko@example.jp",
            $"hanako@exam{invisible}ple.jp",
            $"hanako@example.jp{invisible}",
        ];
        foreach (var address in addresses)
        {
            Assert.Equal(EmailAddress.InvisibleMessage, EmailAddress.Parse(address, out _));
            Assert.False(EmailAddress.TryParse(address, out _));
        }
    }

    [Theory]
    [InlineData(@"hanako@example.jp\0")]
    [InlineData(@"hanako\u0007@example.jp")]
    [InlineData(@"hanako@example.jp\ud800")] // escaped: xunit's case name would hold U+FFFD instead
    public void ControlsAndBrokenCharactersAreRefused(string escaped) =>
        Assert.NotNull(EmailAddress.Parse(Regex.Unescape(escaped), out _));

    [Theory]
    [InlineData("ｈａｎａｋｏ@example.jp")]
    [InlineData("hanako＠example.jp")]
    [InlineData("はなこ@example.jp")]
    [InlineData("hanako@example")]
    [InlineData("hanako")]
    public void LookAlikesAndIncompleteAddressesAreRefused(string address) =>
        Assert.Equal(EmailAddress.Message, EmailAddress.Parse(address, out _));

    [Fact]
    public void SpacesAroundATypedAddressAreTrimmedAndTheLookUpFormIsLowerCase()
    {
        Assert.Null(EmailAddress.Parse("  Hanako@Example.JP ", out var address));
        Assert.Equal("Hanako@Example.JP", address.Value);
        Assert.Equal("hanako@example.jp", address.Normalized);
    }
}
