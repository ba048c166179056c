using System.Globalization;
using RabbitMQ.Client;

namespace Habatan.TestSupport;

// A throw-away RabbitMQ broker (with its own epmd) started by eng/run-rabbitmq.sh. It can be
// stopped and started again on the same port and data, to cut the broker under a running test.
public sealed class RabbitMqServer : IAsyncDisposable
{
    private readonly string _dataDirectory = RepositoryPaths.TestData("rabbitmq");
    private readonly int _epmdPort = FreePort.Next();
    private readonly int _distributionPort = FreePort.Next();
    private ServerProcess? _epmd;
    private ServerProcess? _broker;

    public int Port { get; } = FreePort.Next();

    public Uri Address => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    public static async Task<RabbitMqServer> StartNewAsync()
    {
        var server = new RabbitMqServer();
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        _epmd ??= ServerProcess.Start("epmd", ["-port", _epmdPort.ToString(CultureInfo.InvariantCulture)]);
        _broker = ServerProcess.Start("bash",
            ["eng/run-rabbitmq.sh", _dataDirectory, Port.ToString(CultureInfo.InvariantCulture), _epmdPort.ToString(CultureInfo.InvariantCulture), _distributionPort.ToString(CultureInfo.InvariantCulture)]);
        await _broker.WaitUntilAsync(AcceptsConnectionsAsync, TimeSpan.FromSeconds(90), "RabbitMQ");
    }

    public async Task StopAsync(bool crash = false)
    {
        if (_broker is not null) await _broker.StopAsync(crash);
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null) await _broker.DisposeAsync();
        if (_epmd is not null) await _epmd.DisposeAsync();
        RepositoryPaths.TryDelete(_dataDirectory);
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            var factory = new ConnectionFactory { Uri = Address, RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
            await using var connection = await factory.CreateConnectionAsync();
            return connection.IsOpen;
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException or TimeoutException)
        {
            return false;
        }
    }
}
