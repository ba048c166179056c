using Habatan.Members.Imports;
using Microsoft.Extensions.Options;

namespace Habatan.Members.Tests.Imports;

// The rows a CSV file may hold are configuration (Members:Imports:MaxCsvRows): 2,000,000 fits
// today's 1.15 million members, and a campaign of 3.45 million (the benchmark's 3x point) raises
// it rather than split its roster. Over the limit the file is refused whole, by row, naming it.
[Collection(ServersCollection.Name)]
public sealed class ImportRowLimitTests(ServersFixture servers)
{
    [Fact]
    public async Task AFileOverTheConfiguredRowLimitIsRefusedWholeNamingTheLimit()
    {
        var domain = GeneratedMembers.NewDomain();
        var members = Enumerable
            .Range(0, 5)
            .Select(i => new GeneratedMember($"row-limit-{i}@{domain}", true, true, null, null))
            .ToList();

        var refused = await ImportWithAsync(new ImportOptions { MaxCsvRows = 4 }, members);
        var accepted = await ImportWithAsync(new ImportOptions { MaxCsvRows = 5 }, members);

        Assert.Equal("rejected", refused.Status);
        var error = Assert.Single(refused.Errors);
        Assert.Contains("4行まで", error.Reason, StringComparison.Ordinal);
        Assert.Equal("imported", accepted.Status);
        Assert.Equal(5, accepted.InsertedCount);
    }

    private async Task<ImportResult> ImportWithAsync(ImportOptions options, IReadOnlyList<GeneratedMember> members)
    {
        await using var scope = servers.Service.Services.CreateAsyncScope();
        var importer = ActivatorUtilities.CreateInstance<MemberImporter>(
            scope.ServiceProvider,
            Options.Create(options)
        );
        await using var upload = await ImportUpload.FromStreamAsync(
            new MemoryStream(GeneratedMembers.RosterCsv(members)),
            "roster.csv",
            CancellationToken.None
        );
        return await importer.ImportAsync(ImportKind.Roster, upload, "test-operator", CancellationToken.None);
    }
}
