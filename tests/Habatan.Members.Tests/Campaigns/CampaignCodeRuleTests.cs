using Habatan.Contracts.Applications;
using Habatan.Contracts.Audiences;
using Habatan.Contracts.Entitlements;
using Habatan.Members.Imports;
using MassTransit;
using Npgsql;

namespace Habatan.Members.Tests.Campaigns;

// Incident 2's class of bug, replayed across services: an approval names a campaign in one
// spelling and an import or a charge in another, and a join quietly matches nothing. Members
// refuses every spelling but the one rule at every entry (import cell, ApplicationApproved,
// EntitlementCharged, ResolveAudience) and its database refuses the rest.
[Collection(ServersCollection.Name)]
public sealed class CampaignCodeRuleTests(ServersFixture servers)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private MembersService Service => servers.Service;

    private async Task<(string Email, string MemberId)> NewMemberAsync()
    {
        var email = $"member@{GeneratedMembers.NewDomain()}";
        Assert.Equal(
            "imported",
            (
                await Service.ImportAsync(
                    ImportKind.Roster,
                    GeneratedMembers.RosterCsv([new(email, true, true, null, null)])
                )
            ).Status
        );
        return (
            email,
            (string)(await Service.ScalarAsync("SELECT public_id FROM member WHERE email_normalized = $1", email))!
        );
    }

    private async Task<long> EntitlementsOfAsync(string memberId) =>
        (long)
            (
                await Service.ScalarAsync(
                    "SELECT count(*) FROM entitlement e JOIN member m ON m.id = e.member_id WHERE m.public_id = $1",
                    memberId
                )
            )!;

    [Fact]
    public async Task AnImportWithAnUpperCaseOrSpacePaddedCampaignIsRejectedWithTheCellsNamed()
    {
        var (email, _) = await NewMemberAsync();
        var (other, _) = await NewMemberAsync();
        var campaign = GeneratedMembers.NewCampaign("habatan");
        var before = await Service.DataFingerprintAsync();
        var upper = campaign.ToUpperInvariant();
        var padded = $" {campaign} ";

        var result = await Service.ImportAsync(
            ImportKind.Entitlements,
            CsvFile.Build([
                GeneratedMembers.EntitlementHeader,
                [email, upper, "1", "5000", "0"],
                [other, padded, "1", "5000", "0"],
            ]),
            "権利.csv"
        );

        Assert.Equal("rejected", result.Status);
        Assert.Equal(
            [
                new ImportCellError(
                    2,
                    EntitlementImport.Campaign,
                    upper,
                    $"大文字や前後の空白は使えません。「{campaign}」と入力してください。"
                ),
                new ImportCellError(
                    3,
                    EntitlementImport.Campaign,
                    padded,
                    $"大文字や前後の空白は使えません。「{campaign}」と入力してください。"
                ),
            ],
            await Service.StoredErrorsAsync(result.ImportId)
        );
        Assert.Equal(before, await Service.DataFingerprintAsync());
        Assert.Equal(
            0L,
            await Service.ScalarAsync(
                "SELECT count(*) FROM entitlement WHERE lower(trim(campaign_code)) = $1",
                campaign
            )
        );
    }

    [Fact]
    public async Task AnApprovalUnderAnotherSpellingFaultsAndStoresNothing()
    {
        var (_, memberId) = await NewMemberAsync();
        await using var faults = await PublishedMessages.ListenAsync<Fault<ApplicationApproved>>(Service.Bus);
        var approved = new ApplicationApproved(
            Guid.NewGuid().ToString("N"),
            "HABATAN-2026-IPPAN",
            memberId,
            2,
            10000,
            2500,
            DateTimeOffset.UtcNow
        );

        await Service.Bus.Publish(approved);

        var fault = await Eventually.GetAsync(
            () => Task.FromResult(faults.Received.ToList()),
            f => f.Any(x => x.Message.ApplicationId == approved.ApplicationId),
            Wait
        );
        Assert.Contains(
            fault.Single(x => x.Message.ApplicationId == approved.ApplicationId).Exceptions,
            e => e.ExceptionType.EndsWith("InvalidCampaignCodeException", StringComparison.Ordinal)
        );
        Assert.Equal(0L, await EntitlementsOfAsync(memberId));
        Assert.Equal(
            0L,
            await Service.ScalarAsync(
                "SELECT count(*) FROM entitlement WHERE application_id = $1",
                approved.ApplicationId
            )
        );
        Assert.DoesNotContain(
            Service.Logs.Entries,
            e => e.Text.Contains("HABATAN-2026-IPPAN", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task AChargeUnderAnotherSpellingFaultsAndChangesNothing()
    {
        var (_, memberId) = await NewMemberAsync();
        var campaign = GeneratedMembers.NewCampaign("ippan");
        await using var faults = await PublishedMessages.ListenAsync<Fault<EntitlementCharged>>(Service.Bus);
        var approval = NewId.NextGuid();
        await Service.Bus.Publish(
            new ApplicationApproved(
                Guid.NewGuid().ToString("N"),
                campaign,
                memberId,
                2,
                10000,
                2500,
                DateTimeOffset.UtcNow
            ),
            c => c.MessageId = approval
        );
        Assert.True(await Eventually.HoldsAsync(async () => await EntitlementsOfAsync(memberId) == 1, Wait));

        var charge = new EntitlementCharged(
            Guid.NewGuid(),
            memberId,
            campaign.ToUpperInvariant(),
            3000,
            DateTimeOffset.UtcNow
        );
        await Service.Bus.Publish(charge);

        await Eventually.GetAsync(
            () => Task.FromResult(faults.Received.ToList()),
            f => f.Any(x => x.Message.ChargeId == charge.ChargeId),
            Wait
        );
        Assert.Equal(
            [campaign, 0L],
            Assert.Single(
                await Service.RowsAsync(
                    """
                    SELECT e.campaign_code, e.charged_amount_yen FROM entitlement e JOIN member m ON m.id = e.member_id
                    WHERE m.public_id = $1
                    """,
                    memberId
                )
            )
        );
        Assert.Equal(
            0L,
            await Service.ScalarAsync("SELECT count(*) FROM entitlement_charge WHERE charge_id = $1", charge.ChargeId)
        );
    }

    [Fact]
    public async Task AnAudienceRequestUnderAnotherSpellingFailsVisibly()
    {
        await using var failed = await PublishedMessages.ListenAsync<AudienceResolutionFailed>(Service.Bus);
        var request = new ResolveAudience(
            Guid.NewGuid(),
            Guid.NewGuid(),
            AudienceNames.WonNotFullyCharged,
            "HABATAN-2026-KOSODATE",
            DateTimeOffset.UtcNow
        );

        await Service.Bus.Publish(request);

        var received = await Eventually.GetAsync(
            () => Task.FromResult(failed.Received.ToList()),
            f => f.Any(x => x.RequestId == request.RequestId),
            Wait
        );
        Assert.Contains(
            "キャンペーンコードの形式",
            received.Single(x => x.RequestId == request.RequestId).Reason,
            StringComparison.Ordinal
        );
        Assert.Equal(
            0L,
            await Service.ScalarAsync("SELECT count(*) FROM audience_snapshot WHERE request_id = $1", request.RequestId)
        );
        // Logged only as described, never as sent.
        Assert.DoesNotContain(
            Service.Logs.Entries,
            e => e.Text.Contains("HABATAN-2026-KOSODATE", StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData("HABATAN-2026-IPPAN")]
    [InlineData("habatan-2026-ippan ")]
    [InlineData("habatan_2026")]
    public async Task TheDatabaseRefusesAnotherSpellingWrittenDirectly(string code)
    {
        var (_, memberId) = await NewMemberAsync();
        var entitlement = await Assert.ThrowsAsync<PostgresException>(() =>
            Service.ScalarAsync(
                """
                INSERT INTO entitlement (member_id, campaign_code, units, won_amount_yen)
                SELECT id, $2, 1, 5000 FROM member WHERE public_id = $1
                """,
                memberId,
                code
            )
        );
        var snapshot = await Assert.ThrowsAsync<PostgresException>(() =>
            Service.ScalarAsync(
                """
                INSERT INTO audience_snapshot (id, request_id, reminder_id, audience, campaign_code, recipient_count,
                    bound, digest, chunk_size, chunk_count, resolved_at)
                VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'won-not-fully-charged', $1, 0, 0,
                    repeat('0', 64), 1, 0, now())
                """,
                code
            )
        );

        Assert.Equal(
            (PostgresErrorCodes.CheckViolation, "entitlement_campaign_code_check"),
            (entitlement.SqlState, entitlement.ConstraintName)
        );
        Assert.Equal(
            (PostgresErrorCodes.CheckViolation, "audience_snapshot_campaign_code_check"),
            (snapshot.SqlState, snapshot.ConstraintName)
        );
        Assert.Equal(0L, await EntitlementsOfAsync(memberId));
    }
}
