using Npgsql;

namespace Habatan.Members.Tests.Audiences;

// A snapshot's rows carry no foreign keys (Migrations/0011): each names its member and its
// snapshot by the freeze's own join. What the keys also guarded, a row losing its member or its
// snapshot later, holds because neither is ever deleted: the database refuses it.
[Collection(ServersCollection.Name)]
public sealed class SnapshotsAreNeverDeletedTests(ServersFixture servers)
{
    [Theory]
    [InlineData("member")]
    [InlineData("audience_snapshot")]
    [InlineData("audience_snapshot_member")]
    public async Task ADeleteIsRefusedEvenOfNoRow(string table)
    {
        // "WHERE false": should the rule be missing, the test fails without emptying the table.
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            servers.Service.ScalarAsync($"DELETE FROM {table} WHERE false")
        );

        Assert.Equal(PostgresErrorCodes.RestrictViolation, refused.SqlState);
    }
}
