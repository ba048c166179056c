using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Habatan.Gateway.Tests.Support;

// One gateway process as Program.cs builds it, on a real Kestrel port. Program.cs reads some
// settings before a factory's own overrides apply, so they go in the environment; the test
// classes that start gateways share one collection, so no two do it at once.
public sealed class GatewayInstance : IAsyncDisposable
{
    public const string TrustedProxy = "127.0.0.2";
    public const int SignInPermits = 3;

    private readonly Factory _factory = new();

    private GatewayInstance() { }

    public Uri Address { get; } = new($"http://127.0.0.1:{FreePort.Next()}");

    public IServiceProvider Services => _factory.Services;

    // The status of one of the gateway's health checks, e.g. "sharedstate".
    public async Task<HealthStatus> HealthOfAsync(string check)
    {
        var report = await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == check);
        return report.Entries[check].Status;
    }

    // members: where Members' place is taken; redis: the shared state, or null for none;
    // tokens: the issuer whose tokens it accepts (a throw-away one by default).
    public static GatewayInstance Start(Uri members, string? redis, TestTokens? tokens = null)
    {
        using var ownTokens = tokens is null ? new TestTokens() : null;
        tokens ??= ownTokens!;
        var settings = new Dictionary<string, string>
        {
            ["ForwardedHeaders__KnownProxies__0"] = TrustedProxy,
            ["RateLimits__sign-in__PermitLimit"] = $"{SignInPermits}",
            ["RateLimits__sign-in__Window"] = "00:10:00",
            ["services__members__http__0"] = members.ToString(),
            ["ConnectionStrings__sharedstate"] = redis ?? "",
            // Nothing listens there: the broker is not part of what these tests look at.
            ["ConnectionStrings__messaging"] = $"amqp://guest:guest@127.0.0.1:{FreePort.Next()}/",
            ["Authentication__PublicKey"] = tokens.PublicKeyPem,
        };
        foreach (var (key, value) in settings)
            Environment.SetEnvironmentVariable(key, value);
        var gateway = new GatewayInstance();
        // Kestrel's own listen option, not UseKestrel(port): that one rewrites the server's
        // addresses after Build, racing the app's thread that is already binding them
        // (dotnet/aspnetcore#67714; failed CI once with "Addresses cannot be modified").
        gateway._factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, gateway.Address.Port));
        gateway._factory.StartServer();
        return gateway;
    }

    // A client whose connections come from the given loopback address (127.0.0.0/8 is all
    // loopback on Linux), so the gateway sees real socket addresses, trusted and not.
    public HttpClient ClientFrom(string localAddress)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed class Factory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.ConfigureLogging(logging =>
                logging.SetMinimumLevel(LogLevel.Warning).AddFilter("MassTransit", LogLevel.None)
            );
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection
{
    public const string Name = "gateway";
}
