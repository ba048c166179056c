namespace Habatan.ServiceDefaults.Identity;

// What every token carries and every validator checks.
public static class TokenParameters
{
    public const string Issuer = "habatan-members";
    public const string Audience = "habatan";
    public const string Algorithm = "ES256";
    public const string SessionClaim = "sid";
    public const string RoleClaim = "role";
    public const string SubjectClaim = "sub";

    // Configuration keys: the members service holds the private key, everyone the public one.
    public const string PublicKeyKey = "Authentication:PublicKey";
    public const string SigningKeyKey = "Authentication:SigningKey";
}
