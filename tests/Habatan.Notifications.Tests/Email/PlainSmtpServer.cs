using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Habatan.Notifications.Tests.Email;

// An SMTP server that offers AUTH but no STARTTLS, as an old relay or a downgrading
// man-in-the-middle would, and keeps every line a client sends to it.
internal sealed class PlainSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public PlainSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<string> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while waiting for the next client.
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await ConverseAsync(client.GetStream());
        }
    }

    private async Task ConverseAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 plain.example ESMTP");
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            Received.Enqueue(line);
            var verb = line.Split(' ')[0].ToUpperInvariant();
            if (verb == "QUIT")
            {
                await writer.WriteLineAsync("221 bye");
                return;
            }
            await writer.WriteLineAsync(verb == "EHLO" ? "250-plain.example\r\n250 AUTH PLAIN LOGIN" : "250 ok");
        }
    }
}
