using Habatan.Contracts.Audiences;
using Npgsql;

namespace Habatan.Members.Tests.Audiences;

// The fan-out's question before a batch, answered while the broker takes publishes but confirms
// none (a memory alarm here; a node killed mid-publish never confirms either): the consumer gives
// its answer up at the asker's own bound rather than hold its slot until a confirm comes.
[Collection(ServersCollection.Name)]
public sealed class EligibilityAnswerTests(ServersFixture servers)
{
    private const string WaitingQuery = """
        SELECT count(*) FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND query LIKE '%m.public_id = ANY%'
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private MembersService Service => servers.Service;

    [Fact]
    public async Task AnAnswerTheBrokerNeverConfirmsIsGivenUpAtTheAskersBound()
    {
        var domain = GeneratedMembers.NewDomain();
        var campaign = GeneratedMembers.NewCampaign();
        var ids = await Service.ImportMembersAsync([
            new($"e0@{domain}", true, true, null, new GeneratedEntitlement(campaign, 1, 5000, 0)),
        ]);
        // The members table locked, so the consumer waits at its query until the alarm is up.
        var dataSource = Service.Services.GetRequiredService<NpgsqlDataSource>();
        await using var locker = await dataSource.OpenConnectionAsync();
        await using var locked = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE member IN ACCESS EXCLUSIVE MODE", locker, locked))
            await lockTable.ExecuteNonQueryAsync();
        var asking = AudienceRequests.EligibleAsync(
            Service,
            AudienceNames.WonNotFullyCharged,
            campaign,
            [.. ids.Values]
        );
        Assert.True(
            await Eventually.HoldsAsync(async () => (long)(await Service.ScalarAsync(WaitingQuery))! > 0, Patience),
            "the eligibility consumer never reached its query"
        );

        await servers.RabbitMq.BlockPublishersAsync();
        try
        {
            await locked.RollbackAsync();
            var bound = CheckAudienceEligibility.AnswerWithin;
            var gaveUp = await Eventually.HoldsAsync(
                () =>
                    Service.Logs.Entries.Any(e =>
                        e.Text.Contains("not confirmed by the broker", StringComparison.Ordinal)
                    ),
                bound + Patience
            );
            Assert.True(
                gaveUp,
                $"the answer still waited for the broker's confirm after {(bound + Patience).TotalSeconds} s"
            );
        }
        finally
        {
            await servers.RabbitMq.UnblockPublishersAsync();
        }
        // The asker's own outcome (the late answer, or its timeout) is not what this test is about.
        await Record.ExceptionAsync(() => asking);
    }
}
