using Habatan.Members.Imports;

namespace Habatan.Members.Tests.Imports;

// Issue 13, class 7, through the importer as the API runs it: every hostile file is rejected
// (the API's 422) with one error naming the file or the cell, and nothing is stored. The memory
// each refusal costs is measured where it is stable, on the readers (Files/HostileFileTests).
[Collection(ServersCollection.Name)]
public sealed class HostileImportTests(ServersFixture servers)
{
    private MembersService Service => servers.Service;

    public static TheoryData<string> Kinds() => [.. HostileFiles.XlsxKinds, .. HostileFiles.CsvKinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task AHostileFileIsRejectedWholeAndStoresNothing(string kind)
    {
        var before = await Service.DataFingerprintAsync();
        await using var file = HostileFiles.Open(kind);

        var result = await Service.ImportAsync(ImportKind.Roster, file, "hostile");

        Assert.Equal(("rejected", 1), (result.Status, result.ErrorCount));
        var error = Assert.Single(await Service.StoredErrorsAsync(result.ImportId));
        Assert.Matches(@"[\u3040-\u30FF\u4E00-\u9FFF]", error.Reason);
        Assert.True(error.Value is null or "hostile", error.Value);
        Assert.Equal(before, await Service.DataFingerprintAsync());
    }
}
