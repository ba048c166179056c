using System.Security.Cryptography;
using System.Text;

namespace Habatan.Members.Audiences;

// AudienceDigest.Compute, fed one id at a time in the order the database already sorted them
// (COLLATE "C", i.e. ordinal): the same bytes, without holding a million ids to sort again.
public sealed class SortedAudienceDigest : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _last;

    public void Append(string memberId)
    {
        if (_last is not null && string.CompareOrdinal(_last, memberId) >= 0)
            throw new InvalidOperationException("Member ids must arrive in strictly ascending ordinal order.");
        _hash.AppendData(Encoding.UTF8.GetBytes(memberId + "\n"));
        _last = memberId;
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}
