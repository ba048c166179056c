using System.Globalization;
using Habatan.Contracts.Audiences;
using Habatan.Members.Imports;

namespace Habatan.Members.Tests.Audiences;

// Issue #17, point 8: the platform's balance export is imported with the entitlement file's
// strict rules, and the audience "charged-with-balance" is resolved in SQL with the same
// snapshot, count, digest and bound. Issue #17, point 6: the send-time eligibility check
// answers from the same condition, and only ever names members it was asked about.
[Collection(ServersCollection.Name)]
public sealed class ChargedWithBalanceTests(ServersFixture servers)
{
    // Far on either side of any day these tests run: nothing depends on today's date.
    private static readonly DateOnly Passed = new(2020, 3, 31);
    private static readonly DateOnly Open = new(2099, 12, 31);

    private MembersService Service => servers.Service;

    private sealed record Balance(string Email, long BalanceYen, DateOnly Deadline);

    private sealed record Generated(string Campaign, List<GeneratedMember> Members, List<Balance> Balances);

    private async Task<Generated> GenerateAsync(int count, int seed)
    {
        var random = new Random(seed);
        var domain = GeneratedMembers.NewDomain();
        var campaign = GeneratedMembers.NewCampaign();
        var members = Enumerable
            .Range(0, count)
            .Select(i =>
            {
                var won = random.Next(1, 5) * 5000L;
                var charged = random.Next(3) switch
                {
                    0 => 0,
                    1 => random.NextInt64(1, won),
                    _ => won,
                };
                return new GeneratedMember(
                    $"b{i}@{domain}",
                    random.Next(2) == 0,
                    random.Next(4) != 0,
                    random.Next(8) == 0 ? new DateOnly(2026, 1, 15) : null,
                    new GeneratedEntitlement(campaign, (int)(won / 5000), won, charged)
                );
            })
            .ToList();
        var balances = members
            .Select(m => new Balance(
                m.Email,
                random.Next(4) == 0 ? 0 : random.NextInt64(0, m.Entitlement!.ChargedYen + 1),
                random.Next(4) == 0 ? Passed : Open
            ))
            .ToList();
        Assert.Equal(
            "imported",
            (await Service.ImportAsync(ImportKind.Roster, GeneratedMembers.RosterCsv(members))).Status
        );
        Assert.Equal(
            "imported",
            (await Service.ImportAsync(ImportKind.Entitlements, GeneratedMembers.EntitlementsCsv(members))).Status
        );
        return new Generated(campaign, members, balances);
    }

    private static byte[] BalancesCsv(string campaign, IEnumerable<Balance> balances) =>
        CsvFile.Build(
            new[]
            {
                (IReadOnlyList<string>)
                    [
                        EntitlementImport.Email,
                        EntitlementImport.Campaign,
                        BalanceImport.Balance,
                        BalanceImport.UsageDeadline,
                    ],
            }.Concat(
                balances.Select(b =>
                    (IReadOnlyList<string>)
                        [
                            b.Email,
                            campaign,
                            b.BalanceYen.ToString(CultureInfo.InvariantCulture),
                            b.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        ]
                )
            )
        );

    [Fact]
    public async Task ABalanceExportWithOneBadAmountIsRefusedWholeWithEveryBadCellReported()
    {
        var data = await GenerateAsync(50, seed: 17);
        var rows = data
            .Balances.Select(b => new[] { b.Email, data.Campaign, $"{b.BalanceYen}", $"{b.Deadline:yyyy-MM-dd}" })
            .ToList();
        // The incident's kinds of cell: a thousands separator, a decimal, a blank, text, a negative.
        rows[3][2] = "1,000";
        rows[7][2] = "12.5";
        rows[11][2] = "";
        rows[13][2] = "なし";
        rows[17][2] = "-5";
        var file = CsvFile.Build(
            new[]
            {
                (IReadOnlyList<string>)
                    [
                        EntitlementImport.Email,
                        EntitlementImport.Campaign,
                        BalanceImport.Balance,
                        BalanceImport.UsageDeadline,
                    ],
            }.Concat(rows.Select(r => (IReadOnlyList<string>)r))
        );

        var result = await Service.ImportAsync(ImportKind.Balances, file);

        Assert.Equal("rejected", result.Status);
        Assert.Equal(
            new[] { 5, 9, 13, 15, 19 },
            result.Errors.Where(e => e.Column == BalanceImport.Balance).Select(e => e.Row).Order()
        );
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        Assert.Equal(
            0L,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM entitlement
                WHERE campaign_code = $1 AND (balance_yen <> 0 OR usage_deadline IS NOT NULL)
                """,
                data.Campaign
            )
        );
    }

    [Fact]
    public async Task ABalanceExportNamingOneEntitlementTwiceIsRefusedWhole()
    {
        var data = await GenerateAsync(10, seed: 29);
        var twice = data.Balances.Append(data.Balances[2] with { BalanceYen = 0 });

        var result = await Service.ImportAsync(ImportKind.Balances, BalancesCsv(data.Campaign, twice));

        Assert.Equal("rejected", result.Status);
        // Data rows start at row 2: the eleventh (row 12) repeats the third (row 4).
        var error = Assert.Single(result.Errors);
        Assert.Equal((12, EntitlementImport.Campaign), (error.Row, error.Column));
        Assert.Contains("4行目", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABalanceForNoEntitlementOrAboveTheChargeIsACellErrorNotANewRow()
    {
        var data = await GenerateAsync(20, seed: 23);
        var charged = data.Members.First(m => m.Entitlement!.ChargedYen > 0);
        var balances = new[]
        {
            new Balance(charged.Email, charged.Entitlement!.ChargedYen + 1, Open),
            new Balance(data.Members[0].Email, 0, Open),
        };

        var result = await Service.ImportAsync(
            ImportKind.Balances,
            BalancesCsv(GeneratedMembers.NewCampaign("none"), balances.Skip(1))
        );
        Assert.Equal("rejected", result.Status);
        Assert.Contains(result.Errors, e => e.Column == EntitlementImport.Campaign);

        var above = await Service.ImportAsync(ImportKind.Balances, BalancesCsv(data.Campaign, balances.Take(1)));
        Assert.Equal("rejected", above.Status);
        Assert.Equal(BalanceImport.Balance, Assert.Single(above.Errors).Column);
    }

    [Fact]
    public async Task TheAudienceEqualsTheReferenceAndEligibilityShrinksWhenBalancesChange()
    {
        var data = await GenerateAsync(600, seed: 20261130);
        var imported = await Service.ImportAsync(ImportKind.Balances, BalancesCsv(data.Campaign, data.Balances));
        Assert.Equal("imported", imported.Status);
        Assert.Equal((0, data.Balances.Count), (imported.InsertedCount, imported.UpdatedCount));
        var ids = (
            await Service.RowsAsync(
                "SELECT email_normalized, public_id FROM member WHERE email_normalized LIKE $1",
                $"%@{data.Members[0].Email.Split('@')[1]}"
            )
        ).ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        var balanceOf = data.Balances.ToDictionary(b => b.Email);
        var expected = data
            .Members.Where(m => m.Entitlement!.ChargedYen > 0)
            .Where(m => balanceOf[m.Email].BalanceYen > 0 && balanceOf[m.Email].Deadline == Open)
            .Where(m => m.WithdrawnOn is null && (m.EmailOptIn || m.InboxOptIn))
            .Select(m => ids[m.Email])
            .ToList();
        Assert.InRange(expected.Count, 50, 500);

        var (resolved, chunks) = await AudienceRequests.ResolveAsync(
            Service,
            AudienceNames.ChargedWithBalance,
            data.Campaign
        );

        Assert.Equal(
            expected.Order(StringComparer.Ordinal),
            chunks.OrderBy(c => c.Index).SelectMany(c => c.Recipients).Select(r => r.MemberId)
        );
        Assert.Equal((expected.Count, 600), (resolved.Count, resolved.Bound));
        Assert.Equal(AudienceDigest.Compute(expected), resolved.Digest);

        // The next export: a third of them spent everything. Asked about the snapshot's members
        // and a stranger, Members names exactly the rest, never the stranger.
        var spent = expected.Take(expected.Count / 3).ToHashSet();
        var nextExport = data.Balances.Select(b => spent.Contains(ids[b.Email]) ? b with { BalanceYen = 0 } : b);
        Assert.Equal(
            "imported",
            (await Service.ImportAsync(ImportKind.Balances, BalancesCsv(data.Campaign, nextExport))).Status
        );
        var stranger = ids[data.Members.First(m => !expected.Contains(ids[m.Email])).Email];
        var eligible = await AudienceRequests.EligibleAsync(
            Service,
            AudienceNames.ChargedWithBalance,
            data.Campaign,
            [.. expected, stranger]
        );
        Assert.Equal(
            expected.Where(id => !spent.Contains(id)).Order(StringComparer.Ordinal),
            eligible.Select(e => e.MemberId).Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public async Task EligibilityOfWonNotFullyChargedDropsMembersWhoChargedInFull()
    {
        var data = await GenerateAsync(200, seed: 5);
        var (_, chunks) = await AudienceRequests.ResolveAsync(Service, AudienceNames.WonNotFullyCharged, data.Campaign);
        var inSnapshot = chunks.SelectMany(c => c.Recipients).Select(r => r.MemberId).ToList();
        var ids = (
            await Service.RowsAsync(
                "SELECT email_normalized, public_id FROM member WHERE email_normalized LIKE $1",
                $"%@{data.Members[0].Email.Split('@')[1]}"
            )
        ).ToDictionary(r => (string)r[1]!, r => (string)r[0]!);

        // Half of them charge in full after the snapshot.
        var paid = inSnapshot.Take(inSnapshot.Count / 2).Select(id => ids[id]).ToHashSet();
        var after = data.Members.Select(m =>
            paid.Contains(m.Email)
                ? m with
                {
                    Entitlement = m.Entitlement! with { ChargedYen = m.Entitlement.WonYen },
                }
                : m
        );
        Assert.Equal(
            "imported",
            (await Service.ImportAsync(ImportKind.Entitlements, GeneratedMembers.EntitlementsCsv(after))).Status
        );

        var eligible = await AudienceRequests.EligibleAsync(
            Service,
            AudienceNames.WonNotFullyCharged,
            data.Campaign,
            inSnapshot
        );
        Assert.Equal(
            inSnapshot.Where(id => !paid.Contains(ids[id])).Order(StringComparer.Ordinal),
            eligible.Select(e => e.MemberId).Order(StringComparer.Ordinal)
        );
    }
}
