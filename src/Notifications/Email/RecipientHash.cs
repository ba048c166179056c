using System.Security.Cryptography;
using System.Text;

namespace Habatan.Notifications.Email;

// Delivery rows keep this instead of the address: ops can answer "was a mail sent to X?" by
// hashing X, and nobody reading the table learns who the recipients are.
public static class RecipientHash
{
    public static string Of(string address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToUpperInvariant())));
}
