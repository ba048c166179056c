using System.Diagnostics;
using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Identity;
using Habatan.Members.Roles;
using Habatan.Members.Sessions;
using Habatan.ServiceDefaults.Identity;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Habatan.Members.Tests.Sessions;

// member_session is the record of revocations; the Redis every replica reads is a copy that
// Members keeps: a revoked role ends the member's live sessions there at once, and after Redis
// restarts empty everything is written again. Read here as any other replica reads it: through
// a RevocationCache of its own, which has heard no message.
[Collection(ServersCollection.Name)]
public sealed class SessionRevocationTests(ServersFixture servers, ITestOutputHelper output) : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private MembersService _members = null!;
    private RevocationSync _sync = null!;
    private ConnectionMultiplexer _replica = null!;

    private RevocationCache OtherReplica =>
        new(_replica, new RevokedSessions(TimeProvider.System), TimeProvider.System);

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync();
        // No bus of its own (it would compete with the collection's service): only the sync runs.
        _members = await MembersService.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("members-revocation"),
            servers.RabbitMq.Address,
            new Dictionary<string, string?> { ["ConnectionStrings:sharedstate"] = _redis.ConnectionString },
            seedOnly: true
        );
        _sync = _members.Services.GetServices<IHostedService>().OfType<RevocationSync>().Single();
        await _sync.StartAsync(CancellationToken.None);
        _replica = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",abortConnect=false");
    }

    [Fact]
    public async Task ARevokedRoleEndsEveryLiveSessionOfThatMemberEverywhere()
    {
        await InScopeAsync<RoleGrants>(
            (grants, ct) => grants.GrantAsync("ops1@example.jp", ServiceDefaults.Identity.Roles.Operator, "test", ct)
        );
        var live = await NewSessionAsync("ops1@example.jp", expiresIn: TimeSpan.FromMinutes(30));
        var expired = await NewSessionAsync("ops1@example.jp", expiresIn: TimeSpan.FromMinutes(-1));
        var someoneElse = await NewSessionAsync("ops2@example.jp", expiresIn: TimeSpan.FromMinutes(30));
        Assert.True(await Eventually.HoldsAsync(async () => await OtherReplica.IsSyncedAsync(), Patience));
        Assert.Equal(SessionState.Valid, await OtherReplica.CheckAsync(live, CancellationToken.None));

        var revoked = await RevokeRoleAsync("ops1@example.jp", ServiceDefaults.Identity.Roles.Operator);

        Assert.True(revoked!.WasHeld);
        Assert.Equal([live], revoked.EndedSessions.Select(s => s.SessionId));
        Assert.Equal(SessionState.Revoked, await OtherReplica.CheckAsync(live, CancellationToken.None));
        Assert.Equal(SessionState.Valid, await OtherReplica.CheckAsync(someoneElse, CancellationToken.None));
        Assert.Equal(
            0L,
            await _members.ScalarAsync(
                "SELECT count(*) FROM member_role r JOIN member m ON m.id = r.member_id WHERE m.email = $1",
                "ops1@example.jp"
            )
        );
        Assert.NotNull(await _members.ScalarAsync("SELECT revoked_at FROM member_session WHERE id = $1", live));
        Assert.Equal(
            DBNull.Value,
            await _members.ScalarAsync("SELECT revoked_at FROM member_session WHERE id = $1", expired)
        );
        // Again: nothing held, nothing ended; an unknown address is said to be unknown.
        Assert.False((await RevokeRoleAsync("ops1@example.jp", ServiceDefaults.Identity.Roles.Operator))!.WasHeld);
        Assert.Null(await RevokeRoleAsync("nobody@example.jp", ServiceDefaults.Identity.Roles.Operator));
    }

    [Fact]
    public async Task AfterRedisRestartsEmptyEveryRevocationIsWrittenAgain()
    {
        var signedOut = await NewSessionAsync("member1@example.jp", expiresIn: TimeSpan.FromMinutes(30));
        var stillIn = await NewSessionAsync("member2@example.jp", expiresIn: TimeSpan.FromMinutes(30));
        // As the sign-out endpoint does it.
        await InScopeAsync<SessionRevocation, bool>(
            async (revocation, scope, ct) =>
            {
                var revoked = await revocation.RevokeSessionAsync(signedOut, ct);
                await scope.GetRequiredService<DbSession>().CommitAsync(ct);
                await revocation.AnnounceAsync(revoked);
                return true;
            }
        );
        Assert.Equal(SessionState.Revoked, await OtherReplica.CheckAsync(signedOut, CancellationToken.None));

        await _redis.StopAsync();
        await _redis.StartAsync();
        var clock = Stopwatch.StartNew();
        // Until the copy is whole again nobody may say "valid", not even of a live session.
        var states = new List<SessionState>();
        while (clock.Elapsed < Patience)
        {
            var state = await OtherReplica.CheckAsync(signedOut, CancellationToken.None);
            states.Add(state);
            if (state == SessionState.Revoked)
                break;
            await Task.Delay(50);
        }
        output.WriteLine($"written again {clock.ElapsedMilliseconds} ms after Redis restarted");

        Assert.Equal(SessionState.Revoked, states[^1]);
        Assert.DoesNotContain(SessionState.Valid, states);
        Assert.Equal(SessionState.Valid, await OtherReplica.CheckAsync(stillIn, CancellationToken.None));
    }

    [Fact]
    public async Task WithRedisDownMembersAsksItsOwnRecord()
    {
        var live = await NewSessionAsync("member3@example.jp", expiresIn: TimeSpan.FromMinutes(30));
        var revoked = await NewSessionAsync("member4@example.jp", expiresIn: TimeSpan.FromMinutes(30));
        // Recorded only: neither Redis nor this process heard of it.
        await _members.ScalarAsync("UPDATE member_session SET revoked_at = now() WHERE id = $1", revoked);
        var check = _members.Services.GetRequiredService<ISessionCheck>();

        await _redis.StopAsync();
        try
        {
            Assert.True(
                await Eventually.HoldsAsync(
                    async () =>
                        await OtherReplica.CheckAsync(live, CancellationToken.None) == SessionState.Unverifiable,
                    Patience
                )
            );
            Assert.Equal(SessionState.Valid, await check.CheckAsync(live, CancellationToken.None));
            Assert.Equal(SessionState.Revoked, await check.CheckAsync(revoked, CancellationToken.None));
            Assert.Equal(SessionState.Revoked, await check.CheckAsync(Guid.NewGuid(), CancellationToken.None));
        }
        finally
        {
            await _redis.StartAsync();
        }
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private Task<RoleRevocation?> RevokeRoleAsync(string email, string role) =>
        InScopeAsync<RoleGrants, RoleRevocation?>(
            async (grants, scope, ct) =>
            {
                var revoked = await grants.RevokeAsync(email, role, ct);
                await scope.GetRequiredService<DbSession>().CommitAsync(ct);
                if (revoked is not null)
                    await scope.GetRequiredService<SessionRevocation>().AnnounceAsync(revoked.EndedSessions);
                return revoked;
            }
        );

    // A session as a sign-in leaves it, for the member with the address (created if new).
    private async Task<Guid> NewSessionAsync(string email, TimeSpan expiresIn)
    {
        var id = Guid.NewGuid();
        await _members.ScalarAsync(
            """
            WITH m AS (
                INSERT INTO member (public_id, email, email_normalized) VALUES ($2, $3, $3)
                ON CONFLICT (email_normalized) DO UPDATE SET email_normalized = EXCLUDED.email_normalized
                RETURNING id)
            INSERT INTO member_session (id, member_id, expires_at) SELECT $1, id, now() + $4 FROM m
            """,
            id,
            TestTokens.NewSubject(),
            email,
            expiresIn
        );
        return id;
    }

    private Task<bool> InScopeAsync<T>(Func<T, CancellationToken, Task> work)
        where T : notnull =>
        InScopeAsync<T, bool>(
            async (service, scope, ct) =>
            {
                await work(service, ct);
                await scope.GetRequiredService<DbSession>().CommitAsync(ct);
                return true;
            }
        );

    private async Task<TResult> InScopeAsync<T, TResult>(
        Func<T, IServiceProvider, CancellationToken, Task<TResult>> work
    )
        where T : notnull
    {
        await using var scope = _members.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<T>(), scope.ServiceProvider, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _sync.StopAsync(CancellationToken.None);
        await _replica.DisposeAsync();
        await _members.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
