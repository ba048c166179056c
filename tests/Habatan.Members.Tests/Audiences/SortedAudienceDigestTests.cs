using Habatan.Contracts.Audiences;
using Habatan.Members.Audiences;
using Habatan.Members.Identity;

namespace Habatan.Members.Tests.Audiences;

public sealed class SortedAudienceDigestTests
{
    [Fact]
    public void StreamingOverSortedIdsGivesTheContractsDigest()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => PublicIds.New()).ToList();
        using var digest = new SortedAudienceDigest();
        foreach (var id in ids.Order(StringComparer.Ordinal))
            digest.Append(id);

        Assert.Equal(AudienceDigest.Compute(ids), digest.Finish());
    }

    [Fact]
    public void IdsOutOfOrderAreRefusedRatherThanHashedWrong()
    {
        using var digest = new SortedAudienceDigest();
        digest.Append("b");
        Assert.Throws<InvalidOperationException>(() => digest.Append("a"));
    }
}
