using System.Security.Cryptography;

namespace Habatan.Members.Identity;

// 128 random bits, lower-case hex: not sequential, not guessable, never an authority by itself.
public static class PublicIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
