using Habatan.Members.Imports;
using Habatan.Members.Imports.Files;
using Habatan.ServiceDefaults.Input;

namespace Habatan.Members.Tests.Imports;

// A roster or entitlement cell goes through the one address rule: a row that `cat` joined
// after another file's last row starts with that file's byte-order mark, and is refused.
public sealed class AddressCellTests
{
    [Theory]
    [InlineData("\uFEFFhanako@example.jp")]
    [InlineData("hanako\u200B@example.jp")]
    [InlineData("hanako@example.jp\u202E")]
    public void AnAddressCellWithAnInvisibleCharacterIsRefusedAndSaysWhy(string text) =>
        Assert.Equal(EmailAddress.InvisibleMessage, CellRules.Email(new ImportCell(text, CellKind.Plain), out _));
}
