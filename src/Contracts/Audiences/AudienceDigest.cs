using System.Security.Cryptography;
using System.Text;

namespace Habatan.Contracts.Audiences;

// The digest both sides compute over a recipient set: SHA-256, lower-case hex, of the member
// ids sorted ordinally and each followed by '\n'. Members computes it when freezing a
// snapshot; Notifications recomputes it from the chunks it received and the approver signs
// off on it.
public static class AudienceDigest
{
    public static string Compute(IEnumerable<string> memberIds)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var id in memberIds.Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(id + "\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
