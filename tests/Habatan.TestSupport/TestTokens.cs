using System.Security.Claims;
using System.Security.Cryptography;
using Habatan.ServiceDefaults.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Habatan.TestSupport;

// Plays Members' token issuer for a service tested on its own: the service is configured to
// trust PublicKeyPem, so tokens signed here (ES256, subject = random 128-bit public id, roles
// as "role" claims) are as real to it as Members' own.
public sealed class TestTokens : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly JsonWebTokenHandler _handler = new();

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public static string NewSubject() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string For(string subject, params string[] roles)
    {
        var claims = new List<Claim>
        {
            new(TokenParameters.SubjectClaim, subject),
            new(TokenParameters.SessionClaim, Guid.NewGuid().ToString()),
        };
        claims.AddRange(roles.Select(role => new Claim(TokenParameters.RoleClaim, role)));
        var now = DateTime.UtcNow;
        return _handler.CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = TokenParameters.Issuer,
                Audience = TokenParameters.Audience,
                Subject = new ClaimsIdentity(claims),
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(30),
                SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_key), SecurityAlgorithms.EcdsaSha256),
            }
        );
    }

    public void Dispose() => _key.Dispose();
}
