using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Habatan.TestSupport;

// A throw-away Redis (Debian's redis-server as a plain process) on a free port, keeping nothing
// on disk: what the gateways share their rate-limit buckets in.
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _dataDirectory = RepositoryPaths.TestData("redis");
    private ServerProcess? _process;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartNewAsync()
    {
        var server = new RedisServer();
        await server.StartAsync();
        return server;
    }

    // Again on the same port after StopAsync, to cut Redis under a running test.
    public async Task StartAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        _process = ServerProcess.Start(
            "redis-server",
            [
                "--port",
                Port.ToString(CultureInfo.InvariantCulture),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--set-proc-title",
                "no",
                "--dir",
                _dataDirectory,
            ]
        );
        await _process.WaitUntilAsync(AnswersPingAsync, TimeSpan.FromSeconds(30), "Redis");
    }

    // Stalls without closing a connection (SIGSTOP) until Resume.
    public void Pause() => _process?.Pause();

    public void Resume() => _process?.Resume();

    public async Task StopAsync()
    {
        if (_process is not null)
            await _process.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
            await _process.DisposeAsync();
        RepositoryPaths.TryDelete(_dataDirectory);
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
