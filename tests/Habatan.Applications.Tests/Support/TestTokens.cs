using System.Security.Claims;
using System.Security.Cryptography;
using Habatan.ServiceDefaults.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Habatan.Applications.Tests.Support;

// Tokens of the shape Members issues (ES256, subject = random 128-bit public id, roles as
// "role" claims), signed with the key this service was configured to trust.
public sealed class TestTokens(ECDsa signingKey)
{
    public static string NewSubject() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string For(string subject, params string[] roles)
    {
        var claims = new List<Claim> { new(TokenParameters.SubjectClaim, subject), new(TokenParameters.SessionClaim, Guid.NewGuid().ToString()) };
        claims.AddRange(roles.Select(r => new Claim(TokenParameters.RoleClaim, r)));
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenParameters.Issuer,
            Audience = TokenParameters.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(signingKey), SecurityAlgorithms.EcdsaSha256),
        });
    }
}
