using Habatan.Members.SignIn;

namespace Habatan.Members.Tests.SignIn;

// The code limits count a client's (and an address's) recent codes on every request. Read by an
// index and stopped at the limit, a request costs the same with 40,000 codes in the table as with
// none; a scan of the table made every sign-in at 9:00 slower than the one before.
[Collection(ServersCollection.Name)]
public sealed class SignInCodeLimitPlanTests(ServersFixture servers)
{
    [Theory]
    [InlineData("client_address", "ix_sign_in_code_client")]
    [InlineData("email_normalized", "ix_sign_in_code_email")]
    public async Task TheLimitIsCountedByItsIndexAndStopsAtTheLimit(string column, string index)
    {
        var client = $"198.51.100.{Random.Shared.Next(1, 255)}-{Guid.NewGuid():N}";
        var email = $"busy-{Guid.NewGuid():N}@example.jp";
        // 40,000 codes within the window, each from its own member and address (9:00), and 40
        // from one address and member (a carrier's NAT; someone tapping "send again").
        await servers.Service.ScalarAsync(
            """
            INSERT INTO sign_in_code (id, email_normalized, code_hash, client_address, created_at, expires_at)
            SELECT gen_random_uuid(), CASE WHEN i % 1000 = 0 THEN $2 ELSE $1 || '-' || i || '@example.jp' END,
                   '\x00', CASE WHEN i % 1000 = 0 THEN $1 ELSE $1 || '-' || i END,
                   now() - interval '1 minute', now() + interval '9 minutes'
            FROM generate_series(1, 40040) i
            """,
            client,
            email
        );
        await servers.Service.ScalarAsync("ANALYZE sign_in_code");
        var value = column == "client_address" ? client : email;
        var sql = SignInCodeRequests.RecentCodesSql(column).Replace("$1", $"'{value}'", StringComparison.Ordinal);

        var plan = string.Join(
            "\n",
            (
                await servers.Service.RowsAsync(
                    "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
                        + sql.Replace("$2", "now() - interval '15 minutes'", StringComparison.Ordinal)
                            .Replace("$3", "30", StringComparison.Ordinal)
                )
            ).Select(r => (string)r[0]!)
        );

        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on sign_in_code", plan, StringComparison.Ordinal);
        // The rows are read as far as the limit, not through the address's 40 codes.
        Assert.Contains("Limit (actual rows=30 ", plan, StringComparison.Ordinal);
    }
}
