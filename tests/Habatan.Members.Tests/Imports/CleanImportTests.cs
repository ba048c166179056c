using Habatan.Members.Imports;

namespace Habatan.Members.Tests.Imports;

[Collection(ServersCollection.Name)]
public sealed class CleanImportTests(ServersFixture servers)
{
    private MembersService Service => servers.Service;

    [Fact]
    public async Task ACleanFileImportsAndTheSameFileAgainChangesNothing()
    {
        var domain = GeneratedMembers.NewDomain();
        var campaign = GeneratedMembers.NewCampaign();
        var members = Enumerable
            .Range(0, 40)
            .Select(i => new GeneratedMember(
                $"m{i}@{domain}",
                i % 3 != 0,
                i % 5 != 0,
                i % 7 == 0 ? new DateOnly(2026, 1, 31) : null,
                new GeneratedEntitlement(campaign, 1 + i % 3, 10000 * (1 + i % 3), i % 4 * 2500)
            ))
            .ToList();

        var roster = await Service.ImportAsync(ImportKind.Roster, GeneratedMembers.RosterCsv(members));
        var sheet = XlsxFile.Build(GeneratedMembers.EntitlementsSheet(members));
        var entitlements = await Service.ImportAsync(ImportKind.Entitlements, sheet, "権利.xlsx");

        Assert.Equal(
            ("imported", 40, 40, 0),
            (roster.Status, roster.RowCount, roster.InsertedCount, roster.UpdatedCount)
        );
        Assert.Equal(("imported", 40, 0), (entitlements.Status, entitlements.InsertedCount, entitlements.ErrorCount));
        var stored = await Service.RowsAsync(
            """
            SELECT m.email, m.inbox_opt_in, m.email_opt_in, (m.withdrawn_at AT TIME ZONE 'Asia/Tokyo')::date,
                   e.units, e.won_amount_yen, e.charged_amount_yen
            FROM member m JOIN entitlement e ON e.member_id = m.id WHERE e.campaign_code = $1 ORDER BY m.email
            """,
            campaign
        );
        Assert.Equal(
            members
                .OrderBy(m => m.Email, StringComparer.Ordinal)
                .Select(m =>
                    $"{m.Email}|{m.InboxOptIn}|{m.EmailOptIn}|{m.WithdrawnOn}|"
                    + $"{m.Entitlement!.Units}|{m.Entitlement.WonYen}|{m.Entitlement.ChargedYen}"
                ),
            stored.Select(r => $"{r[0]}|{r[1]}|{r[2]}|{r[3] as DateOnly?}|{r[4]}|{r[5]}|{r[6]}")
        );
        var after = await Service.DataFingerprintAsync();

        // The same file: recognised by its hash, recorded, nothing touched.
        var again = await Service.ImportAsync(ImportKind.Entitlements, sheet, "権利.xlsx");
        Assert.Equal(("duplicate", entitlements.ImportId), (again.Status, again.DuplicateOf));
        // The same content in another file (CSV this time): merged, and the merge changes nothing.
        var sameContent = await Service.ImportAsync(
            ImportKind.Entitlements,
            GeneratedMembers.EntitlementsCsv(members),
            "権利.csv"
        );
        Assert.Equal(("imported", 0, 0), (sameContent.Status, sameContent.InsertedCount, sameContent.UpdatedCount));
        var rosterAgain = await Service.ImportAsync(
            ImportKind.Roster,
            [.. GeneratedMembers.RosterCsv(members), .. "\r\n"u8]
        );
        Assert.Equal(("imported", 0, 0), (rosterAgain.Status, rosterAgain.InsertedCount, rosterAgain.UpdatedCount));
        Assert.Equal(after, await Service.DataFingerprintAsync());
    }

    [Fact]
    public async Task ARosterUpdatesKnownMembersByNormalizedEmailAndKeepsTheirIds()
    {
        var domain = GeneratedMembers.NewDomain();
        await Service.ImportAsync(
            ImportKind.Roster,
            GeneratedMembers.RosterCsv([new($"Hanako@{domain}", true, true, null, null)])
        );
        var publicId = await Service.ScalarAsync(
            "SELECT public_id FROM member WHERE email_normalized = $1",
            $"hanako@{domain}"
        );

        var update = await Service.ImportAsync(
            ImportKind.Roster,
            GeneratedMembers.RosterCsv([
                new($"hanako@{domain.ToUpperInvariant()}", false, true, new DateOnly(2026, 2, 1), null),
            ])
        );

        Assert.Equal(("imported", 0, 1), (update.Status, update.InsertedCount, update.UpdatedCount));
        var row = (
            await Service.RowsAsync(
                "SELECT public_id, inbox_opt_in, withdrawn_at IS NOT NULL FROM member WHERE email_normalized = $1",
                $"hanako@{domain}"
            )
        ).Single();
        Assert.Equal([publicId, false, true], row);
    }

    [Fact]
    public async Task AFileThatCannotBeReadIsRejectedAsAWhole()
    {
        var result = await Service.ImportAsync(ImportKind.Roster, [.. "PK\x03\x04"u8, .. new byte[100]], "壊れた.xlsx");

        Assert.Equal("rejected", result.Status);
        var error = Assert.Single(await Service.StoredErrorsAsync(result.ImportId));
        Assert.Equal((0, "ファイル"), (error.Row, error.Column));
    }
}
