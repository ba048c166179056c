using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Habatan.Members.Tokens;

// Signs access tokens with the members service's private key (ES256). The subject is the
// member's random public id: never an email, never an internal key.
public sealed class TokenIssuer(ECDsa signingKey, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials = new(
        new ECDsaSecurityKey(signingKey),
        SecurityAlgorithms.EcdsaSha256
    );

    public string Issue(string subject, Guid sessionId, IEnumerable<string> roles, DateTimeOffset expiresAt)
    {
        var claims = new List<Claim>
        {
            new(TokenParameters.SubjectClaim, subject),
            new(TokenParameters.SessionClaim, sessionId.ToString()),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString()),
        };
        claims.AddRange(roles.Select(role => new Claim(TokenParameters.RoleClaim, role)));

        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = TokenParameters.Issuer,
                Audience = TokenParameters.Audience,
                Subject = new ClaimsIdentity(claims),
                IssuedAt = now,
                NotBefore = now,
                Expires = expiresAt.UtcDateTime,
                SigningCredentials = _credentials,
            }
        );
    }
}
