using Habatan.Members.Imports;

namespace Habatan.Members.Tests.Imports;

// DESIGN.md, incident 2, point 1, replayed: the incident's spreadsheet held amounts as text,
// blanks, separators and formulas, and the join over it picked 217,120 people instead of
// 24,308. Here such a file is refused whole, every bad cell is reported with row, column,
// value and reason, and the database is exactly as it was.
[Collection(ServersCollection.Name)]
public sealed class ImportDrillTests(ServersFixture servers)
{
    private MembersService Service => servers.Service;

    [Fact]
    public async Task DirtySpreadsheetIsRejectedWholeWithEveryBadCellReported()
    {
        var domain = GeneratedMembers.NewDomain();
        var campaign = GeneratedMembers.NewCampaign();
        var emails = Enumerable.Range(0, 16).Select(i => $"m{i}@{domain}").ToList();
        var roster = await Service.ImportAsync(
            ImportKind.Roster,
            GeneratedMembers.RosterCsv(emails.Select(e => new GeneratedMember(e, true, true, null, null)))
        );
        Assert.Equal("imported", roster.Status);
        var before = await Service.DataFingerprintAsync();

        // Row 2 is clean; every later row has exactly one bad cell, named by the expectation.
        var header = GeneratedMembers.EntitlementHeader.Select(h => (XCell?)h).ToList();
        XCell?[] Row(
            int member,
            XCell? won = null,
            XCell? units = null,
            XCell? charged = null,
            XCell? campaignCell = null,
            XCell? email = null
        ) => [email ?? emails[member], campaignCell ?? campaign, units ?? 2L, won ?? 20000L, charged ?? 0L];
        var rows = new List<IReadOnlyList<XCell?>> { header, Row(0) };
        var expected = new List<ImportCellError>();
        void Bad(string column, string? value, string reason, XCell?[] row)
        {
            rows.Add(row);
            expected.Add(new ImportCellError(rows.Count, column, value, reason));
        }
        const string Won = EntitlementImport.Won;
        Bad(Won, "二万", AmountError.Text.Reason(), Row(1, won: "二万"));
        Bad(Won, "", AmountError.Blank.Reason(), Row(2, won: new XText("")));
        Bad(Won, " 20000", AmountError.Spaces.Reason(), Row(3, won: " 20000"));
        Bad(Won, "２００００", AmountError.FullWidthDigits.Reason(), Row(4, won: "２００００"));
        Bad(Won, "20,000", AmountError.ThousandsSeparator.Reason(), Row(5, won: "20,000"));
        Bad(Won, "20000.5", AmountError.DecimalPoint.Reason(), Row(6, won: new XNumber("20000.5")));
        Bad(Won, "¥20000", AmountError.CurrencyMark.Reason(), Row(7, won: "¥20000"));
        Bad(Won, "=C9*10000", AmountError.Formula.Reason(), Row(8, won: new XFormula("C9*10000", "20000")));
        Bad(Won, "2E+4", AmountError.Exponent.Reason(), Row(9, won: new XNumber("2E+4")));
        Bad(Won, "-20000", AmountError.Negative.Reason(), Row(10, won: new XNumber("-20000")));
        Bad(Won, "20000", AmountError.StoredAsText.Reason(), Row(11, won: new XText("20000")));
        Bad(
            EntitlementImport.Charged,
            "=D14",
            AmountError.Formula.Reason(),
            Row(12, charged: new XFormula("D14", "0"))
        );
        Bad(EntitlementImport.Units, "二口", AmountError.Text.Reason(), Row(13, units: "二口"));
        Bad(EntitlementImport.Charged, "30000", "チャージ額が当選額を超えています。", Row(14, charged: 30000L));
        Bad(
            EntitlementImport.Email,
            $"nobody@{domain}",
            "該当する会員が見つかりません。",
            Row(0, email: $"nobody@{domain}")
        );
        Bad(
            EntitlementImport.Campaign,
            campaign,
            "ファイル内で同じ会員・キャンペーンが重複しています（2行目）。",
            Row(0)
        );

        var result = await Service.ImportAsync(ImportKind.Entitlements, XlsxFile.Build(rows), "権利_汚れ.xlsx");

        Assert.Equal("rejected", result.Status);
        Assert.Equal(expected.Count, result.ErrorCount);
        Assert.Equal(expected.OrderBy(e => e.Row), result.Errors.OrderBy(e => e.Row));
        Assert.Equal(expected.OrderBy(e => e.Row), await Service.StoredErrorsAsync(result.ImportId));
        // Nothing of the file is stored: not the clean row 2, not anything else.
        Assert.Equal(before, await Service.DataFingerprintAsync());
        Assert.Equal(
            0L,
            await Service.ScalarAsync("SELECT count(*) FROM entitlement WHERE campaign_code = $1", campaign)
        );
        Assert.Equal(
            "rejected",
            await Service.ScalarAsync("SELECT status FROM member_import WHERE id = $1", result.ImportId)
        );
    }

    [Fact]
    public async Task DirtyCsvIsRejectedWholeWithEveryBadCellReported()
    {
        var domain = GeneratedMembers.NewDomain();
        var campaign = GeneratedMembers.NewCampaign();
        var emails = Enumerable.Range(0, 12).Select(i => $"m{i}@{domain}").ToList();
        await Service.ImportAsync(
            ImportKind.Roster,
            GeneratedMembers.RosterCsv(emails.Select(e => new GeneratedMember(e, true, true, null, null)))
        );
        var before = await Service.DataFingerprintAsync();

        string[] cells =
        [
            "abc",
            "",
            " 1000",
            "１０００",
            "1,000",
            "1000.0",
            "1000円",
            "=A1*2",
            "1e4",
            "-1000",
            "+1000",
        ];
        AmountError[] kinds =
        [
            AmountError.Text,
            AmountError.Blank,
            AmountError.Spaces,
            AmountError.FullWidthDigits,
            AmountError.ThousandsSeparator,
            AmountError.DecimalPoint,
            AmountError.CurrencyMark,
            AmountError.Formula,
            AmountError.Exponent,
            AmountError.Negative,
            AmountError.Sign,
        ];
        var rows = new List<IReadOnlyList<string>> { GeneratedMembers.EntitlementHeader };
        rows.AddRange(cells.Select((cell, i) => (IReadOnlyList<string>)[emails[i], campaign, "1", cell, "0"]));

        var result = await Service.ImportAsync(ImportKind.Entitlements, CsvFile.Build(rows), "権利.csv");

        Assert.Equal("rejected", result.Status);
        var expected = cells
            .Select(
                (cell, i) =>
                    new ImportCellError(i + 2, EntitlementImport.Won, cell.Length == 0 ? "" : cell, kinds[i].Reason())
            )
            .ToList();
        Assert.Equal(expected, await Service.StoredErrorsAsync(result.ImportId));
        Assert.Equal(before, await Service.DataFingerprintAsync());
    }

    [Fact]
    public async Task ALargeFileWhoseOnlyBadCellIsOnItsLastRowIsRejectedWhole()
    {
        const int Rows = 300_000;
        var domain = GeneratedMembers.NewDomain();
        var campaign = GeneratedMembers.NewCampaign();
        var members = Enumerable
            .Range(0, Rows)
            .Select(i => new GeneratedMember(
                $"m{i}@{domain}",
                i % 2 == 0,
                true,
                null,
                new GeneratedEntitlement(campaign, 1 + i % 4, 5000 * (1 + i % 4), 0)
            ))
            .ToList();
        var roster = await Service.ImportAsync(ImportKind.Roster, GeneratedMembers.RosterCsv(members));
        Assert.Equal(("imported", Rows, Rows), (roster.Status, roster.RowCount, roster.InsertedCount));
        var before = await Service.DataFingerprintAsync();

        var sheet = GeneratedMembers.EntitlementsSheet(members).ToList();
        sheet[^1] = [.. sheet[^1].Take(3), new XText("5,000"), sheet[^1][4]];
        var result = await Service.ImportAsync(ImportKind.Entitlements, XlsxFile.Build(sheet), "権利_大.xlsx");

        Assert.Equal("rejected", result.Status);
        Assert.Equal(Rows, result.RowCount);
        Assert.Equal(
            [new ImportCellError(Rows + 1, EntitlementImport.Won, "5,000", AmountError.ThousandsSeparator.Reason())],
            await Service.StoredErrorsAsync(result.ImportId)
        );
        Assert.Equal(before, await Service.DataFingerprintAsync());
        Assert.Equal(
            0L,
            await Service.ScalarAsync("SELECT count(*) FROM entitlement WHERE campaign_code = $1", campaign)
        );
    }
}
