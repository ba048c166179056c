using Habatan.Infrastructure.Retention;
using Habatan.Members.SignIn;

namespace Habatan.Members.Tests.SignIn;

// A sign-in code (an e-mail address and a client's address) is kept 30 days, then removed by
// the retention job; a newer one stays. The clock is fixed in 2020, before every row other
// tests write, so only this test's rows age.
[Collection(ServersCollection.Name)]
public sealed class SignInCodeRetentionTests(ServersFixture servers)
{
    private static readonly DateTimeOffset Now = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CodesOlderThanThirtyDaysAreRemovedAndNewerOnesStay()
    {
        var email = $"retention-{Guid.NewGuid():N}@example.jp";
        foreach (var age in (int[])[31, 29])
            await servers.Service.ScalarAsync(
                """
                INSERT INTO sign_in_code (id, email_normalized, code_hash, client_address, created_at, expires_at)
                VALUES (gen_random_uuid(), $1, '\x00', '198.51.100.7', $2, $2 + interval '10 minutes')
                """,
                email,
                Now.AddDays(-age)
            );
        var job = servers.Service.Services.GetRequiredService<RetentionJob>();

        var removed = await job.RunOnceAsync(Now, default);

        Assert.True(removed[SignInCodeRetention.Rule.Name] >= 1);
        Assert.Equal(
            1L,
            await servers.Service.ScalarAsync("SELECT count(*) FROM sign_in_code WHERE email_normalized = $1", email)
        );
        Assert.Equal(
            1L,
            await servers.Service.ScalarAsync(
                "SELECT count(*) FROM sign_in_code WHERE email_normalized = $1 AND created_at = $2",
                email,
                Now.AddDays(-29)
            )
        );
    }
}
