using Habatan.Contracts.Audiences;
using Habatan.Infrastructure.Data;
using Habatan.Members.Audiences;
using Habatan.Members.Demo;

namespace Habatan.Members.Tests.Demo;

// ./run.sh's demo data (issue #7): the demo applicants under the ids the AppHost hands out, and
// 40 members of the closed first tranche with entitlements through the importer, so that the
// reminder walk-through has an audience of a known size: 12 of 15 not fully charged (one has
// no channel, two have withdrawn), bound 40. Once.
[Collection(ServersCollection.Name)]
public sealed class DemoSeederTests(ServersFixture servers)
{
    public const string Campaign = "ippan-2026-1";
    private const string Hanako = "hanako.hyogo@demo.habatan.example";
    private const string Sakura = "sakura.akashi@demo.habatan.example";

    private static readonly string HanakoId = TestTokens.NewSubject();
    private static readonly string SakuraId = TestTokens.NewSubject();

    private static Dictionary<string, string?> Demo(bool enabled) =>
        new()
        {
            ["Demo:Enabled"] = enabled ? "true" : "false",
            ["Demo:Applicants"] = $"{Hanako}={HanakoId};{Sakura}={SakuraId}",
        };

    [Fact]
    public async Task TheDemoImportsMembersWithEntitlementsWhoseReminderAudienceHasTheDocumentedCount()
    {
        await using var service = await StartAsync(
            await servers.Postgres.CreateDatabaseAsync("members-demo"),
            enabled: true
        );

        Assert.Equal(
            40L,
            await service.ScalarAsync("SELECT count(*) FROM member WHERE email LIKE 'kaiin%@demo.habatan.example'")
        );
        Assert.Equal(
            15L,
            await service.ScalarAsync(
                "SELECT count(*) FROM entitlement WHERE campaign_code = $1 AND charged_amount_yen < won_amount_yen",
                Campaign
            )
        );
        var imports = await service.RowsAsync(
            "SELECT kind, status, imported_by, file_name FROM member_import ORDER BY started_at"
        );
        Assert.Equal(2, imports.Count);
        Assert.Equal(
            new object?[] { "roster", "imported", MembersDemoSeeder.ImportedBy, MembersDemoSeeder.RosterFile },
            imports[0]
        );
        Assert.Equal(
            new object?[]
            {
                "entitlements",
                "imported",
                MembersDemoSeeder.ImportedBy,
                MembersDemoSeeder.EntitlementsFile,
            },
            imports[1]
        );

        // The audience an operator asks for in the walk-through, resolved by Members' own SQL.
        var request = new ResolveAudience(
            Guid.NewGuid(),
            Guid.NewGuid(),
            AudienceNames.WonNotFullyCharged,
            Campaign,
            DateTimeOffset.UtcNow
        );
        await using (var scope = service.Services.CreateAsyncScope())
        {
            await scope
                .ServiceProvider.GetRequiredService<AudienceResolver>()
                .ResolveAsync(request, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<DbSession>().CommitAsync();
        }
        var counts = await service.RowsAsync(
            "SELECT recipient_count, bound FROM audience_snapshot WHERE request_id = $1",
            request.RequestId
        );
        Assert.Equal(new object?[] { 12, 40 }, Assert.Single(counts));
        // Withdrawn and unreachable members are never recipients.
        Assert.Equal(
            0L,
            await service.ScalarAsync(
                """
                SELECT count(*) FROM audience_snapshot_member s JOIN member m ON m.id = s.member_id
                WHERE m.email IN (
                    'kaiin38@demo.habatan.example', 'kaiin39@demo.habatan.example', 'kaiin40@demo.habatan.example')
                """
            )
        );

        // The applicants are members under the ids Applications owns their applications by.
        Assert.Equal(
            HanakoId,
            await service.ScalarAsync("SELECT public_id FROM member WHERE email_normalized = $1", Hanako)
        );
        Assert.Equal(
            SakuraId,
            await service.ScalarAsync("SELECT public_id FROM member WHERE email_normalized = $1", Sakura)
        );
    }

    [Fact]
    public async Task ASecondStartChangesNothing()
    {
        var database = await servers.Postgres.CreateDatabaseAsync("members-demo");
        await using (await StartAsync(database, enabled: true)) { }
        await using var service = await StartAsync(database, enabled: false);
        var first = await FingerprintAsync(service);

        await using (await StartAsync(database, enabled: true)) { }

        Assert.Equal(first, await FingerprintAsync(service));
        Assert.Equal(2L, await service.ScalarAsync("SELECT count(*) FROM member_import"));
    }

    [Fact]
    public async Task DisabledSeedsNothing()
    {
        await using var service = await StartAsync(
            await servers.Postgres.CreateDatabaseAsync("members-demo"),
            enabled: false
        );

        Assert.Equal(
            "0/0/0",
            await service.ScalarAsync(
                """
                SELECT (SELECT count(*) FROM member) || '/' || (SELECT count(*) FROM entitlement)
                    || '/' || (SELECT count(*) FROM member_import)
                """
            )
        );
    }

    private Task<MembersService> StartAsync(string database, bool enabled) =>
        MembersService.StartAsync(database, servers.RabbitMq.Address, Demo(enabled), seedOnly: true);

    private static async Task<string> FingerprintAsync(MembersService service) =>
        await service.DataFingerprintAsync()
        + "#"
        + await service.ScalarAsync(
            "SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) FROM member_import t"
        );
}
