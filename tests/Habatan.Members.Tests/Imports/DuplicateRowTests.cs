using Habatan.Members.Imports;

namespace Habatan.Members.Tests.Imports;

// A file that names the same member twice is refused whole, each later row naming the first
// (the duplicate checks in SQL, ImportDefinition.FirstRowWithSame). The roster's key is the
// normalized address, so two spellings of one address are one member.
[Collection(ServersCollection.Name)]
public sealed class DuplicateRowTests(ServersFixture servers)
{
    private MembersService Service => servers.Service;

    [Fact]
    public async Task ARosterNamingOneAddressTwiceInAnyCaseIsRefusedWhole()
    {
        var domain = GeneratedMembers.NewDomain();
        var members = new[] { "a", "B", "c", "b", "d", "A" }
            .Select(name => new GeneratedMember($"{name}@{domain}", true, true, null, null))
            .ToList();

        var result = await Service.ImportAsync(ImportKind.Roster, GeneratedMembers.RosterCsv(members));

        Assert.Equal("rejected", result.Status);
        // Data rows start at row 2: "b" (row 5) repeats "B" (row 3), "A" (row 7) repeats "a" (row 2).
        Assert.Equal(
            [(5, $"b@{domain}", "3行目と同じアドレス"), (7, $"A@{domain}", "2行目と同じアドレス")],
            result.Errors.Select(e => (e.Row, e.Value, e.Reason[(e.Reason.IndexOf('（') + 1)..^2])).Order()
        );
        Assert.Equal(
            0L,
            await Service.ScalarAsync("SELECT count(*) FROM member WHERE email_normalized LIKE $1", $"%@{domain}")
        );
    }
}
