using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Habatan.AppHost.Infrastructure;

// Passwords for the local servers. Configuration wins (Parameters:<name>); otherwise one is
// generated on first use and kept beside the data it protects, in the git-ignored data folder,
// so a restart finds the same password the server's data was created with.
internal sealed class DevelopmentSecrets(IConfiguration configuration, string directory)
{
    public string Get(string name)
    {
        var configured = configuration[$"Parameters:{name}"];
        if (!string.IsNullOrEmpty(configured)) return configured;

        var path = Path.Combine(directory, name);
        if (File.Exists(path)) return File.ReadAllText(path).Trim();

        Directory.CreateDirectory(directory);
        var value = Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
        File.WriteAllText(path, value);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return value;
    }
}
