using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Habatan.AppHost.Infrastructure;

// Passwords for the local servers. Configuration wins (Parameters:<name>); otherwise one is
// generated on first use and kept beside the data it protects, in the git-ignored data folder,
// so a restart finds the same password the server's data was created with.
internal sealed class DevelopmentSecrets(IConfiguration configuration, string directory)
{
    // The members service's token signing key (ECDSA P-256, PEM) and its public half.
    public (string PrivateKeyPem, string PublicKeyPem) GetSigningKey(string name)
    {
        var privateKeyPem = Get(
            name,
            () =>
            {
                using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                return generated.ExportPkcs8PrivateKeyPem();
            }
        );
        using var key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        return (privateKeyPem, key.ExportSubjectPublicKeyInfoPem());
    }

    public string Get(string name) =>
        Get(name, () => Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant());

    private string Get(string name, Func<string> generate)
    {
        var configured = configuration[$"Parameters:{name}"];
        if (!string.IsNullOrEmpty(configured))
            return configured;

        var path = Path.Combine(directory, name);
        if (File.Exists(path))
            return File.ReadAllText(path).Trim();

        Directory.CreateDirectory(directory);
        var value = generate();
        File.WriteAllText(path, value);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return value;
    }
}
