using System.Diagnostics;
using Habatan.Contracts.Audiences;
using Habatan.Members.Audiences;
using Npgsql;

namespace Habatan.Members.Tests.Audiences;

// Issue #14 point 7: a statement over a whole audience has an explicit, configured timeout
// (Members:Audiences:StatementTimeout), not Npgsql's 30 s and not none. Here the entitlements
// are locked by another transaction, so the resolution's first statement over them waits; with
// a timeout of one second it gives up after about that, and the unit of work rolls back.
[Collection(ServersCollection.Name)]
public sealed class AudienceStatementTimeoutTests(ServersFixture servers)
{
    [Fact]
    public async Task AnAudienceStatementStopsAtItsConfiguredTimeout()
    {
        var database = await servers.Postgres.CreateDatabaseAsync("members-audience-timeout");
        await using var members = await MembersService.StartAsync(
            database,
            servers.RabbitMq.Address,
            new Dictionary<string, string?> { ["Members:Audiences:StatementTimeout"] = "00:00:01" },
            seedOnly: true
        );
        await using var locker = new NpgsqlConnection(database);
        await locker.OpenAsync();
        await using var locked = await locker.BeginTransactionAsync();
        await using (
            var lockTable = new NpgsqlCommand("LOCK TABLE entitlement IN ACCESS EXCLUSIVE MODE", locker, locked)
        )
            await lockTable.ExecuteNonQueryAsync();

        var clock = Stopwatch.StartNew();
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var scope = members.Services.CreateAsyncScope();
            await scope
                .ServiceProvider.GetRequiredService<AudienceResolver>()
                .ResolveAsync(
                    new ResolveAudience(
                        Guid.NewGuid(),
                        Guid.NewGuid(),
                        AudienceNames.WonNotFullyCharged,
                        "ippan-2026-2",
                        DateTimeOffset.UnixEpoch
                    ),
                    CancellationToken.None
                );
        });

        Assert.IsType<TimeoutException>(failure?.InnerException);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        await locked.RollbackAsync();
        Assert.Equal(0L, await members.ScalarAsync("SELECT count(*) FROM audience_snapshot"));
    }
}
