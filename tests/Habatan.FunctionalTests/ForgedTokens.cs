using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Habatan.FunctionalTests;

// Hand-made tokens for tampering tests: the shapes an attacker would try.
internal static class ForgedTokens
{
    public static string Payload(string subject, DateTimeOffset expires) =>
        JsonSerializer.Serialize(
            new Dictionary<string, object>
            {
                ["iss"] = "habatan-members",
                ["aud"] = "habatan",
                ["sub"] = subject,
                ["sid"] = Guid.NewGuid().ToString(),
                ["iat"] = expires.AddMinutes(-30).ToUnixTimeSeconds(),
                ["nbf"] = expires.AddMinutes(-30).ToUnixTimeSeconds(),
                ["exp"] = expires.ToUnixTimeSeconds(),
            }
        );

    public static string Unsigned(string payload) => $"{Encode("""{"alg":"none","typ":"JWT"}""")}.{Encode(payload)}.";

    public static string SignedEs256(ECDsa key, string payload)
    {
        var unsigned = $"{Encode("""{"alg":"ES256","typ":"JWT"}""")}.{Encode(payload)}";
        var signature = key.SignData(
            Encoding.ASCII.GetBytes(unsigned),
            HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation
        );
        return $"{unsigned}.{Base64Url(signature)}";
    }

    // The classic confusion attack: HMAC "signed" with the public key as the shared secret.
    public static string SignedHs256(byte[] secret, string payload)
    {
        var unsigned = $"{Encode("""{"alg":"HS256","typ":"JWT"}""")}.{Encode(payload)}";
        return $"{unsigned}.{Base64Url(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(unsigned)))}";
    }

    // Keeps the genuine signature but swaps the payload's subject.
    public static string WithSubject(string token, string subject)
    {
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Decode(parts[1]))!;
        var altered = payload.ToDictionary(p => p.Key, p => p.Key == "sub" ? (object)subject : p.Value);
        return $"{parts[0]}.{Encode(JsonSerializer.Serialize(altered))}.{parts[2]}";
    }

    public static string SubjectOf(string token) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Decode(token.Split('.')[1]))!["sub"].GetString()!;

    private static string Encode(string json) => Base64Url(Encoding.UTF8.GetBytes(json));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string part)
    {
        var padded = part.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }
}
