using Habatan.Contracts.Audiences;
using Habatan.Members.Imports;

namespace Habatan.Members.Tests.Imports;

// Emails are personal data: imports (accepted or rejected, where the report quotes them) and
// audience resolution (whose chunks carry them) never put one in a log.
[Collection(ServersCollection.Name)]
public sealed class PersonalDataTests(ServersFixture servers)
{
    [Fact]
    public async Task NoEmailReachesTheLogs()
    {
        var service = servers.Service;
        var domain = GeneratedMembers.NewDomain();
        var campaign = GeneratedMembers.NewCampaign();
        var members = Enumerable
            .Range(0, 30)
            .Select(i => new GeneratedMember(
                $"private{i}@{domain}",
                true,
                true,
                null,
                new GeneratedEntitlement(campaign, 1, 10000, 0)
            ))
            .ToList();

        await service.ImportAsync(ImportKind.Roster, GeneratedMembers.RosterCsv(members));
        await service.ImportAsync(ImportKind.Entitlements, GeneratedMembers.EntitlementsCsv(members));
        var rejected = await service.ImportAsync(
            ImportKind.Entitlements,
            CsvFile.Build([GeneratedMembers.EntitlementHeader, [$"unknown@{domain}", campaign, "1", "1,000", "0"]])
        );
        await using var resolved = await PublishedMessages.ListenAsync<AudienceResolved>(service.Bus);
        await service.Bus.Publish(
            new ResolveAudience(
                Guid.NewGuid(),
                Guid.NewGuid(),
                AudienceNames.WonNotFullyCharged,
                campaign,
                DateTimeOffset.UtcNow
            )
        );
        Assert.True(
            await Eventually.HoldsAsync(
                () => resolved.Received.Any(r => r.CampaignCode == campaign),
                TimeSpan.FromSeconds(60)
            )
        );

        Assert.Equal("rejected", rejected.Status);
        Assert.NotEmpty(service.Logs.Entries);
        Assert.DoesNotContain(
            service.Logs.Entries,
            entry => entry.Text.Contains(domain, StringComparison.OrdinalIgnoreCase)
        );
    }
}
