namespace Habatan.Gateway.Tests.Support;

// One gateway, with Members' place taken by a RecordingBackend. One proxy is trusted,
// 127.0.0.2; every other loopback address is a client connecting from an address of its own.
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string TrustedProxy = GatewayInstance.TrustedProxy;
    public const int SignInPermits = GatewayInstance.SignInPermits;

    private GatewayInstance? _gateway;

    public RecordingBackend Members { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Members = await RecordingBackend.StartAsync();
        _gateway = GatewayInstance.Start(Members.Address, redis: null);
    }

    public HttpClient ClientFrom(string localAddress) => _gateway!.ClientFrom(localAddress);

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        await Members.DisposeAsync();
    }
}
