using Habatan.Contracts.Applications;
using Habatan.Contracts.Entitlements;
using Habatan.Members.Imports;
using MassTransit;

namespace Habatan.Members.Tests.Entitlements;

[Collection(ServersCollection.Name)]
public sealed class EntitlementEventTests(ServersFixture servers)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private MembersService Service => servers.Service;

    private async Task<string> NewMemberAsync()
    {
        var email = $"applicant@{GeneratedMembers.NewDomain()}";
        await Service.ImportAsync(ImportKind.Roster, GeneratedMembers.RosterCsv([new(email, true, true, null, null)]));
        return (string)(await Service.ScalarAsync("SELECT public_id FROM member WHERE email_normalized = $1", email))!;
    }

    private async Task PublishAsync<T>(T message, Guid messageId)
        where T : class => await Service.Bus.Publish(message, context => context.MessageId = messageId);

    private Task<bool> HandledAsync(params Guid[] messageIds) =>
        Eventually.HoldsAsync(
            async () =>
                (long)
                    (
                        await Service.ScalarAsync(
                            "SELECT count(*) FROM inbox_message WHERE message_id = ANY($1)",
                            messageIds
                        )
                    )! == messageIds.Length,
            Wait
        );

    [Fact]
    public async Task AnApprovedApplicationBecomesOneEntitlementHoweverOftenItArrives()
    {
        var memberId = await NewMemberAsync();
        var campaign = GeneratedMembers.NewCampaign();
        var approved = new ApplicationApproved(
            Guid.NewGuid().ToString("N"),
            campaign,
            memberId,
            4,
            20000,
            5000,
            DateTimeOffset.UtcNow
        );
        var first = NewId.NextGuid();
        var second = NewId.NextGuid();

        await PublishAsync(approved, first);
        await PublishAsync(approved, first); // redelivered: same message id
        await PublishAsync(approved, second); // sent again: new message id, same application
        Assert.True(await HandledAsync(first, second));

        var rows = await Service.RowsAsync(
            """
            SELECT e.units, e.won_amount_yen, e.premium_amount_yen, e.charged_amount_yen, e.application_id
            FROM entitlement e JOIN member m ON m.id = e.member_id WHERE m.public_id = $1 AND e.campaign_code = $2
            """,
            memberId,
            campaign
        );
        Assert.Equal([4, 20000L, 5000L, 0L, approved.ApplicationId], Assert.Single(rows));
    }

    [Fact]
    public async Task AChargeCountsOncePerChargeId()
    {
        var memberId = await NewMemberAsync();
        var campaign = GeneratedMembers.NewCampaign();
        var approval = NewId.NextGuid();
        await PublishAsync(
            new ApplicationApproved(
                Guid.NewGuid().ToString("N"),
                campaign,
                memberId,
                2,
                10000,
                2500,
                DateTimeOffset.UtcNow
            ),
            approval
        );
        Assert.True(await HandledAsync(approval));

        var chargeA = new EntitlementCharged(Guid.NewGuid(), memberId, campaign, 3000, DateTimeOffset.UtcNow);
        var chargeB = new EntitlementCharged(Guid.NewGuid(), memberId, campaign, 5000, DateTimeOffset.UtcNow);
        Guid[] messages = [NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid()];
        await PublishAsync(chargeA, messages[0]);
        await PublishAsync(chargeA, messages[1]); // the platform reported the same charge twice
        await PublishAsync(chargeB, messages[2]);
        Assert.True(await HandledAsync(messages));

        Assert.Equal(
            8000L,
            await Service.ScalarAsync(
                """
                SELECT e.charged_amount_yen FROM entitlement e JOIN member m ON m.id = e.member_id
                WHERE m.public_id = $1 AND e.campaign_code = $2
                """,
                memberId,
                campaign
            )
        );
        Assert.Equal(
            2L,
            await Service.ScalarAsync(
                "SELECT count(*) FROM entitlement_charge WHERE charge_id = ANY($1)",
                new[] { chargeA.ChargeId, chargeB.ChargeId }
            )
        );
    }
}
