using System.Security.Cryptography;
using System.Text;

namespace Habatan.Members.SignIn;

// Codes are kept only as HMAC-SHA256 keyed by a server secret and bound to the code's own id:
// a leaked table does not give up codes, and six digits cannot be looked up in a rainbow table.
public sealed class SignInCodeHasher(byte[] key)
{
    public static string NewCode() =>
        RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public byte[] Hash(Guid codeId, string code)
    {
        byte[] message = [.. codeId.ToByteArray(), .. Encoding.ASCII.GetBytes(code)];
        return HMACSHA256.HashData(key, message);
    }

    public bool Matches(Guid codeId, string code, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(codeId, code), storedHash);
}
