using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Habatan.Benchmark.SystemSide;

// What a production relay is to Notifications, for the benchmark: an SMTP server that accepts
// every mail at once. smtp4dev stores and indexes each mail (105–215 mails/s here), so with it
// the fan-out figure would measure the development sink. This one counts the mails whose
// subject carries Marker and drops them; every other mail (sign-in codes, the reminder's test
// send) is forwarded to smtp4dev, so the sign-ins the benchmark reads from there keep working.
// The AppHost is pointed at it with --Infrastructure:MailRelay: configuration, as a real relay
// would be; the services do not know the difference.
internal sealed class CountingSmtpSink : IAsyncDisposable
{
    // In the subject of every mail the benchmark wants counted and dropped.
    public const string Marker = "[bench]";
    private const int ForwardConnections = 4;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _forwardSlots = new(ForwardConnections);
    private readonly ConcurrentBag<SmtpClient> _forwarders = [];
    private readonly Uri _forwardTo;
    private readonly Task _accepting;
    private long _counted;
    private long _forwarded;

    private CountingSmtpSink(Uri forwardTo)
    {
        _forwardTo = forwardTo;
        _listener.Start(backlog: 256);
        _accepting = AcceptAsync();
    }

    public static CountingSmtpSink Start(Uri forwardTo) => new(forwardTo);

    public Uri Address => new($"smtp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    // Mails with the marker accepted since the last reset.
    public long Counted => Interlocked.Read(ref _counted);

    public long Forwarded => Interlocked.Read(ref _forwarded);

    public void ResetCount() => Interlocked.Exchange(ref _counted, 0);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException) { }
        while (_forwarders.TryTake(out var client))
        {
            if (client.IsConnected)
                await client.DisconnectAsync(quit: true, CancellationToken.None);
            client.Dispose();
        }
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stopping.Token);
            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    // Plain ESMTP with PIPELINING: the replies come in command order, which is all a pipelining
    // client needs. No STARTTLS offered, so the services' StartTlsWhenAvailable sends in clear.
    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        using var reader = new StreamReader(
            stream,
            Encoding.Latin1,
            detectEncodingFromByteOrderMarks: false,
            bufferSize: 64 * 1024
        );
        await using var writer = new StreamWriter(stream, Encoding.Latin1, bufferSize: 4096)
        {
            NewLine = "\r\n",
            AutoFlush = false,
        };
        var token = _stopping.Token;
        string? from = null;
        var recipients = new List<string>();
        try
        {
            await ReplyAsync(writer, "220 bench-sink ESMTP");
            while (await reader.ReadLineAsync(token) is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await ReplyAsync(
                            writer,
                            "250-bench-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 10485760"
                        );
                        break;
                    case "HELO":
                        await ReplyAsync(writer, "250 bench-sink");
                        break;
                    case "MAIL":
                        from = PathOf(line);
                        recipients.Clear();
                        await ReplyAsync(writer, "250 OK");
                        break;
                    case "RCPT":
                        recipients.Add(PathOf(line));
                        await ReplyAsync(writer, "250 OK");
                        break;
                    case "DATA":
                        await ReplyAsync(writer, "354 End data with <CR><LF>.<CR><LF>");
                        var message = await ReadDataAsync(reader, token);
                        await AcceptAsync(message, from, recipients, token);
                        await ReplyAsync(writer, "250 OK");
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await ReplyAsync(writer, "250 OK");
                        break;
                    case "NOOP":
                        await ReplyAsync(writer, "250 OK");
                        break;
                    case "QUIT":
                        await ReplyAsync(writer, "221 Bye");
                        return;
                    default:
                        await ReplyAsync(writer, "502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex)
            when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the sink is stopping.
        }
    }

    private async Task AcceptAsync(
        byte[] message,
        string? from,
        List<string> recipients,
        CancellationToken cancellationToken
    )
    {
        using var content = new MemoryStream(message);
        var headers = await HeaderList.LoadAsync(content, cancellationToken);
        if (headers[HeaderId.Subject]?.Contains(Marker, StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref _counted);
            return;
        }
        content.Position = 0;
        var mime = await MimeMessage.LoadAsync(content, cancellationToken);
        await ForwardAsync(mime, from, recipients, cancellationToken);
        Interlocked.Increment(ref _forwarded);
    }

    private async Task ForwardAsync(
        MimeMessage mime,
        string? from,
        List<string> recipients,
        CancellationToken cancellationToken
    )
    {
        await _forwardSlots.WaitAsync(cancellationToken);
        SmtpClient? client = null;
        try
        {
            if (!_forwarders.TryTake(out client) || !client.IsConnected)
            {
                client?.Dispose();
                client = new SmtpClient();
                await client.ConnectAsync(
                    _forwardTo.Host,
                    _forwardTo.Port,
                    SecureSocketOptions.None,
                    cancellationToken
                );
            }
            await client.SendAsync(
                mime,
                MailboxAddress.Parse(string.IsNullOrEmpty(from) ? "no-reply@habatan.example.jp" : from),
                recipients.Select(MailboxAddress.Parse),
                cancellationToken
            );
            _forwarders.Add(client);
            client = null;
        }
        finally
        {
            client?.Dispose();
            _forwardSlots.Release();
        }
    }

    // The message as sent, dot-stuffing undone, lines ending in CRLF.
    private static async Task<byte[]> ReadDataAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder(2048);
        while (await reader.ReadLineAsync(cancellationToken) is { } line && line != ".")
            builder.Append(line.StartsWith('.') ? line.AsSpan(1) : line.AsSpan()).Append("\r\n");
        return Encoding.Latin1.GetBytes(builder.ToString());
    }

    private static string PathOf(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start
            ? line[(start + 1)..end]
            : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static async Task ReplyAsync(StreamWriter writer, string reply)
    {
        await writer.WriteLineAsync(reply);
        await writer.FlushAsync();
    }
}
