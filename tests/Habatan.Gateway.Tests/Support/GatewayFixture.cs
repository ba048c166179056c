using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Habatan.Gateway.Tests.Support;

// The gateway exactly as Program.cs builds it, on a real Kestrel port, with Members' place taken
// by a RecordingBackend. One proxy is trusted, 127.0.0.2; everything else on loopback is a client
// that connects from an address of its own (127.0.0.0/8 is all loopback on Linux), so the
// gateway sees real socket addresses, trusted and not.
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string TrustedProxy = "127.0.0.2";
    public const int SignInPermits = 3;

    private Factory? _factory;

    public RecordingBackend Members { get; private set; } = null!;

    public Uri Address { get; } = new($"http://127.0.0.1:{FreePort.Next()}");

    public async Task InitializeAsync()
    {
        Members = await RecordingBackend.StartAsync();
        using var tokens = new TestTokens();
        // Program.cs reads some of these before the factory's own overrides apply, so they go in
        // the environment; this is the only gateway of the test process.
        var settings = new Dictionary<string, string>
        {
            ["ForwardedHeaders__KnownProxies__0"] = TrustedProxy,
            ["RateLimits__sign-in__PermitLimit"] = $"{SignInPermits}",
            ["RateLimits__sign-in__Window"] = "00:10:00",
            ["services__members__http__0"] = Members.Address.ToString(),
            // Nothing listens there: the broker is not part of what these tests look at.
            ["ConnectionStrings__messaging"] = $"amqp://guest:guest@127.0.0.1:{FreePort.Next()}/",
            ["Authentication__PublicKey"] = tokens.PublicKeyPem,
        };
        foreach (var (key, value) in settings) Environment.SetEnvironmentVariable(key, value);
        _factory = new Factory();
        _factory.UseKestrel(Address.Port);
        _factory.StartServer();
    }

    // A client whose connections come from the given loopback address.
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

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        await Members.DisposeAsync();
    }

    private sealed class Factory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)
                .AddFilter("MassTransit", LogLevel.None));
    }
}
