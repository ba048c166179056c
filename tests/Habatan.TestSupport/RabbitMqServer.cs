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
    private readonly string _user;
    private readonly string _password;
    private readonly string _virtualHost;

    // Guest on "/" unless told otherwise, e.g. a platform's own login and virtual host.
    private RabbitMqServer(string user = "guest", string password = "guest", string virtualHost = "/")
    {
        _user = user;
        _password = password;
        _virtualHost = virtualHost;
    }

    public int Port { get; } = FreePort.Next();

    public Uri Address =>
        new(
            $"amqp://{Uri.EscapeDataString(_user)}:{Uri.EscapeDataString(_password)}@127.0.0.1:{Port}/"
                + (_virtualHost == "/" ? "" : Uri.EscapeDataString(_virtualHost))
        );

    public static async Task<RabbitMqServer> StartNewAsync()
    {
        var server = new RabbitMqServer();
        await server.StartAsync();
        return server;
    }

    public static async Task<RabbitMqServer> StartNewAsync(string user, string password, string virtualHost)
    {
        var server = new RabbitMqServer(user, password, virtualHost);
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public async Task StartAsync()
    {
        _epmd ??= ServerProcess.Start("epmd", ["-port", _epmdPort.ToString(CultureInfo.InvariantCulture)]);
        // A restart keeps the port its clients know. While the broker was down, another process on
        // the machine may have been handed that port for a moment (an outgoing connection's local
        // port): the node then exits at once. Try again a few times, bounded, before failing.
        for (var attempt = 1; ; attempt++)
        {
            _broker = ServerProcess.Start(
                "bash",
                [
                    "eng/run-rabbitmq.sh",
                    _dataDirectory,
                    Port.ToString(CultureInfo.InvariantCulture),
                    _epmdPort.ToString(CultureInfo.InvariantCulture),
                    _distributionPort.ToString(CultureInfo.InvariantCulture),
                ],
                new Dictionary<string, string>
                {
                    ["RABBITMQ_USER"] = _user,
                    ["RABBITMQ_PASSWORD"] = _password,
                    ["RABBITMQ_VHOST"] = _virtualHost,
                }
            );
            try
            {
                await _broker.WaitUntilAsync(AcceptsConnectionsAsync, TimeSpan.FromSeconds(90), "RabbitMQ");
                return;
            }
            catch (InvalidOperationException)
                when (attempt < 4 && _broker.Output.Contains("eaddrinuse", StringComparison.Ordinal))
            {
                await _broker.DisposeAsync();
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
        }
    }

    // The broker's latest distinct errors and warnings (a vhost that did not recover after a
    // crash, an alarm), for the failure message of a test that waited on it.
    public IEnumerable<string> RecentFailures(int count) =>
        (_broker?.Output ?? "")
            .Split('\n')
            .Where(l =>
                l.Contains("[error]", StringComparison.Ordinal) || l.Contains("[warning]", StringComparison.Ordinal)
            )
            .LatestDistinct(count);

    // A memory alarm, as a broker short of memory raises it: RabbitMQ stops reading from every
    // connection that publishes, so a publish waits for a confirm that does not come while the
    // connection stays open (as one to a node killed mid-publish may). The default watermark
    // (0.4 of the memory) clears it.
    public Task BlockPublishersAsync() => CtlAsync("set_vm_memory_high_watermark", "0");

    public Task UnblockPublishersAsync() => CtlAsync("set_vm_memory_high_watermark", "0.4");

    // rabbitmqctl against this broker (its permissions, its queues, its alarms).
    public Task<string> CtlAsync(params string[] arguments) =>
        RabbitMqCtl.RunAsync(
            Port,
            Path.Combine(_dataDirectory, "home"),
            Path.Combine(_dataDirectory, "rabbitmq-env.conf"),
            _epmdPort,
            arguments
        );

    public async Task StopAsync(bool crash = false)
    {
        if (_broker is not null)
            await _broker.StopAsync(crash);
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
            await _broker.DisposeAsync();
        if (_epmd is not null)
            await _epmd.DisposeAsync();
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
        catch (Exception ex)
            when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException or TimeoutException)
        {
            return false;
        }
    }
}
