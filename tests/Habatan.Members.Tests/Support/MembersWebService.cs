using System.Security.Cryptography;
using Habatan.Members.Tokens;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Habatan.Members.Tests.Support;

// The Members service exactly as Program.cs builds it (migrations, token checks, every API), on
// real PostgreSQL and RabbitMQ, for the tests that need its HTTP answers. Operators' tokens come
// from its own issuer.
public sealed class MembersWebService : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public MembersWebService(string databaseConnectionString, Uri broker, IReadOnlyDictionary<string, string?> settings)
    {
        // Program.cs reads these while it builds, before the factory's settings apply, so they go
        // in the environment; other hosts of this process set their own values over them.
        Environment.SetEnvironmentVariable("ConnectionStrings__membersdb", databaseConnectionString);
        Environment.SetEnvironmentVariable("ConnectionStrings__messaging", broker.ToString());
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Environment.SetEnvironmentVariable("Authentication__SigningKey", key.ExportPkcs8PrivateKeyPem());
        Environment.SetEnvironmentVariable("Authentication__PublicKey", key.ExportSubjectPublicKeyInfoPem());
        _settings = settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    public HttpClient OperatorClient()
    {
        var token = Services
            .GetRequiredService<TokenIssuer>()
            .Issue(
                TestTokens.NewSubject(),
                Guid.NewGuid(),
                [Habatan.ServiceDefaults.Identity.Roles.Operator],
                DateTimeOffset.UtcNow.AddMinutes(30)
            );
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }
}
