using Habatan.Notifications.Email;

namespace Habatan.Notifications.Tests.Email;

public sealed class EmailMaskTests
{
    [Theory]
    [InlineData("taro.yamada@example.com", "t***@example.com")]
    [InlineData("  Hanako@Example.JP ", "H***@Example.JP")]
    [InlineData("a@b.jp", "a***@b.jp")]
    [InlineData("odd\"@\"local@example.com", "o***@example.com")]
    public void KeepsTheFirstLetterAndTheDomainOnly(string address, string expected) =>
        Assert.Equal(expected, EmailMask.Mask(address));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no-at-sign")]
    [InlineData("@example.com")]
    [InlineData("someone@")]
    public void ShowsNothingOfWhatIsNotAnAddress(string? address) => Assert.Equal("***", EmailMask.Mask(address));

    [Fact]
    public void HashIgnoresCaseAndSurroundingSpaceButNotTheAddress()
    {
        Assert.Equal(RecipientHash.Of("Taro@Example.com"), RecipientHash.Of(" taro@example.com "));
        Assert.NotEqual(RecipientHash.Of("taro@example.com"), RecipientHash.Of("jiro@example.com"));
        Assert.DoesNotContain("taro", RecipientHash.Of("taro@example.com"), StringComparison.OrdinalIgnoreCase);
    }
}
