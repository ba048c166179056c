using Habatan.Members.Imports;

namespace Habatan.Members.Tests.Imports;

// Issue 13, class 9: an import never changes what its file does not say. A roster without the
// optional メール配信 column used to turn mail back on for every member in it who had opted out.
// One test per optional column of each import kind: without the column the stored value stays,
// with it the value changes, and a member new to the file takes the column's default.
[Collection(ServersCollection.Name)]
public sealed class AbsentColumnTests(ServersFixture servers)
{
    private MembersService Service => servers.Service;

    // The optional columns there are. A new one fails here until it has its tests below.
    [Fact]
    public void EveryOptionalColumnOfEveryImportKindIsCoveredHere()
    {
        Assert.Equal([RosterImport.EmailOptIn], ImportDefinition.For(ImportKind.Roster).Layout.Optional);
        // Entitlements have none: a member is named by e-mail or by member id (exactly one of
        // them, and neither is stored by the import), and every other column is required.
        Assert.Empty(ImportDefinition.For(ImportKind.Entitlements).Layout.Optional);
    }

    [Fact]
    public async Task ARosterWithoutTheMailColumnLeavesEachMembersMailChoiceAsStored()
    {
        var domain = GeneratedMembers.NewDomain();
        string optedOut = $"out@{domain}",
            optedIn = $"in@{domain}",
            newcomer = $"new@{domain}";
        await ImportRosterAsync(withMail: true, (optedOut, "1", "0"), (optedIn, "1", "1"));

        // Without the column; the inbox flag changes, so both rows are really merged.
        var again = await ImportRosterAsync(
            withMail: false,
            (optedOut, "0", null),
            (optedIn, "0", null),
            (newcomer, "1", null)
        );

        Assert.Equal(("imported", 1, 2), (again.Status, again.InsertedCount, again.UpdatedCount));
        // (address, inbox, mail): mail as stored for both, and on (the default) for the newcomer.
        Assert.Equal(
            [(optedIn, false, true), (newcomer, true, true), (optedOut, false, false)],
            await StoredAsync(domain)
        );
    }

    [Fact]
    public async Task ARosterWithTheMailColumnChangesTheStoredChoice()
    {
        var domain = GeneratedMembers.NewDomain();
        string optedOut = $"out@{domain}",
            optedIn = $"in@{domain}";
        await ImportRosterAsync(withMail: true, (optedOut, "1", "0"), (optedIn, "1", "1"));

        var again = await ImportRosterAsync(withMail: true, (optedOut, "1", "1"), (optedIn, "1", "0"));

        Assert.Equal(("imported", 0, 2), (again.Status, again.InsertedCount, again.UpdatedCount));
        Assert.Equal([(optedIn, true, false), (optedOut, true, true)], await StoredAsync(domain));
    }

    [Fact]
    public async Task ARosterWithoutTheMailColumnThatChangesNothingElseUpdatesNoRow()
    {
        var domain = GeneratedMembers.NewDomain();
        var member = $"out@{domain}";
        await ImportRosterAsync(withMail: true, (member, "1", "0"));
        var before = await Service.DataFingerprintAsync();

        var again = await ImportRosterAsync(withMail: false, (member, "1", null));

        Assert.Equal(("imported", 0, 0), (again.Status, again.InsertedCount, again.UpdatedCount));
        Assert.Equal(before, await Service.DataFingerprintAsync());
    }

    private Task<ImportResult> ImportRosterAsync(
        bool withMail,
        params (string Email, string Inbox, string? Mail)[] rows
    )
    {
        IReadOnlyList<string> header = withMail
            ? [RosterImport.Email, RosterImport.InboxOptIn, RosterImport.EmailOptIn, RosterImport.WithdrawnOn]
            : [RosterImport.Email, RosterImport.InboxOptIn, RosterImport.WithdrawnOn];
        var lines = rows.Select(r =>
            withMail ? (IReadOnlyList<string>)[r.Email, r.Inbox, r.Mail!, ""] : [r.Email, r.Inbox, ""]
        );
        return Service.ImportAsync(ImportKind.Roster, CsvFile.Build([header, .. lines]), "名簿.csv");
    }

    private async Task<List<(string Email, bool Inbox, bool Mail)>> StoredAsync(string domain) =>
        [
            .. (
                await Service.RowsAsync(
                    "SELECT email, inbox_opt_in, email_opt_in FROM member WHERE email LIKE '%@' || $1 ORDER BY email",
                    domain
                )
            ).Select(r => ((string)r[0]!, (bool)r[1]!, (bool)r[2]!)),
        ];
}
