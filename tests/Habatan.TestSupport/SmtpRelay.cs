using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpClient = MailKit.Net.Smtp.SmtpClient;
using SmtpProtocolServer = SmtpServer.SmtpServer;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace Habatan.TestSupport;

// What the relay does with the next message to a recipient.
public enum RelayAnswer
{
    Accept,

    // 451 to RCPT TO: not accepted, the client may try again.
    TemporaryAtRcpt,

    // 550 to RCPT TO: the mailbox does not exist.
    PermanentAtRcpt,

    // The whole message is read, then 451: not accepted.
    TemporaryAtData,

    // The whole message is read, then 554.
    PermanentAtData,

    // The connection is closed at RCPT TO, before DATA: nothing can have arrived.
    DropBeforeData,

    // The message arrives, then the connection is closed instead of the 250: it may have arrived.
    DropAfterData,

    // The message arrives and the reply never comes (the client times out).
    StallAfterData,
}

// Sees a mail the relay accepted (its recipients and content as sent) and answers whether it
// takes it: a taken mail is not forwarded to the sink.
public delegate bool RelayTake(IReadOnlyList<string> to, ReadOnlySequence<byte> content);

// An SMTP server for tests, on the SmtpServer package, that answers each recipient as a test
// tells it to (SmtpRelay.Answer) and accepts everyone else. What arrives is counted per
// recipient and, when a mail sink is given, passed on to it as a relay does (store and forward:
// the 250 does not wait for the sink), so tests that read the sink see what the relay let through.
public sealed class SmtpRelay : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Rule> _rules = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _arrived = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Channel<Forward> _outgoing = Channel.CreateUnbounded<Forward>();
    private readonly List<Task> _forwarders = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly int? _forwardPort;
    private readonly TimeSpan _stall;
    private readonly RelayTake? _take;
    private SmtpProtocolServer? _server;
    private Task _running = Task.CompletedTask;
    private int _forwarding;
    private int _lost;

    // Connections to the sink: as many as the sender opens, so the relay is never the bottleneck.
    private const int Forwarders = 8;

    private SmtpRelay(int port, int? forwardPort, TimeSpan stall, RelayTake? take)
    {
        Port = port;
        _forwardPort = forwardPort;
        _stall = stall;
        _take = take;
    }

    public int Port { get; }

    // The form of the AppHost's "mail" connection string.
    public string ConnectionString => $"smtp://127.0.0.1:{Port}";

    // forwardToPort: a mail sink on 127.0.0.1 that gets every accepted message. stall: how long
    // StallAfterData keeps the client waiting (longer than its timeout). port: a relay that
    // comes back where a stopped one listened. take: sees every accepted mail first; what it
    // takes is not forwarded (the benchmark counts its own mails and reads its accounts' codes).
    // noDelay: answer without Nagle's delay (NoDelayListeners), as the benchmark needs; the tests
    // keep the relay's old pace, which its forwarding to the sink (smtp4dev) keeps up with.
    public static async Task<SmtpRelay> StartAsync(
        int? forwardToPort = null,
        TimeSpan? stall = null,
        int? port = null,
        RelayTake? take = null,
        bool noDelay = false
    )
    {
        var relay = new SmtpRelay(port ?? FreePort.Next(), forwardToPort, stall ?? TimeSpan.FromMinutes(2), take);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("relay.test")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, relay.Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Recipients(relay));
        services.Add(new Messages(relay));
        if (noDelay)
            services.Add(new NoDelayListeners());
        if (forwardToPort is { } sink)
            for (var i = 0; i < Forwarders; i++)
                relay._forwarders.Add(relay.ForwardAsync(sink));
        relay._server = new SmtpProtocolServer(options, services);
        relay._running = relay._server.StartAsync(relay._stop.Token);
        await Eventually.HoldsAsync(relay.ListensAsync, TimeSpan.FromSeconds(10));
        return relay;
    }

    // The next `times` messages to this address get this answer; after that, Accept.
    public void Answer(string recipient, RelayAnswer answer, int times = int.MaxValue) =>
        _rules[recipient] = new Rule(answer, times);

    // Messages that reached the relay for this address, whatever it answered after DATA.
    public int Arrived(string recipient) => _arrived.GetValueOrDefault(recipient);

    // RCPT TO commands for this address: every attempt the client made.
    public int Attempts(string recipient) => _attempts.GetValueOrDefault(recipient);

    // Mails taken and not yet passed on to the sink (nor given up): a test reads the sink once
    // this is 0, instead of guessing how far behind a loaded sink is.
    public int Forwarding => Volatile.Read(ref _forwarding);

    // Mails the sink never took (after every try) or whose address could not be read.
    public int Lost => Volatile.Read(ref _lost);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server?.Shutdown();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or SocketException)
        {
            // Stopping anyway.
        }
        _outgoing.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_forwarders).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // What the sink has not taken by now is not waited for.
        }
        _stop.Dispose();
    }

    private async Task<bool> ListensAsync()
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // The answer for this stage of the conversation, used up if it belongs to it.
    private RelayAnswer Take(string recipient, bool atData)
    {
        while (_rules.TryGetValue(recipient, out var rule) && rule.Times > 0)
        {
            var forData =
                rule.Answer
                is not (RelayAnswer.TemporaryAtRcpt or RelayAnswer.PermanentAtRcpt or RelayAnswer.DropBeforeData);
            if (forData != atData)
                return RelayAnswer.Accept;
            if (_rules.TryUpdate(recipient, rule with { Times = rule.Times - 1 }, rule))
                return rule.Answer;
        }
        return RelayAnswer.Accept;
    }

    private void Arrive(IMessageTransaction transaction, ReadOnlySequence<byte> buffer)
    {
        foreach (var to in transaction.To)
            _arrived.AddOrUpdate(to.AsAddress(), 1, (_, count) => count + 1);
        if (_take?.Invoke([.. transaction.To.Select(to => to.AsAddress())], buffer) == true)
            return;
        if (_forwardPort is null)
            return;
        Interlocked.Increment(ref _forwarding);
        _outgoing.Writer.TryWrite(
            new Forward(
                transaction.From.AsAddress(),
                [.. transaction.To.Select(to => to.AsAddress())],
                buffer.ToArray()
            )
        );
    }

    // Passes accepted mail on to the sink over one connection, reconnecting (and trying the
    // message again, a few times) when the sink drops it.
    private async Task ForwardAsync(int port)
    {
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await foreach (var mail in _outgoing.Reader.ReadAllAsync())
            {
                // An address MimeKit cannot parse is not the sink's fault: no retry, and the
                // forwarder goes on (the tests reading the sink will say it is missing).
                if (Addresses(mail) is not var (from, to))
                {
                    Passed(lost: true);
                    continue;
                }
                using var stream = new MemoryStream(mail.Content);
                var message = await MimeMessage.LoadAsync(stream);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        if (!client.IsConnected)
                            await client.ConnectAsync("127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
                        await client.SendAsync(message, from, to);
                        Passed(lost: false);
                        break;
                    }
                    // InvalidOperationException: MailKit's "not connected" (the sink closed the
                    // connection after IsConnected said it was open). Uncaught, it ended this
                    // forwarder for the rest of the run, and the sink fell behind or went silent.
                    catch (Exception ex)
                        when (ex
                                is IOException
                                    or SocketException
                                    or TimeoutException
                                    or InvalidOperationException
                                    or MailKit.ProtocolException
                                    or MailKit.CommandException
                        )
                    {
                        client.Dispose();
                        client = new SmtpClient { Timeout = 30_000 };
                        // The sink lost it for good: the tests reading the sink will say so.
                        // About 15 s of tries: a sink busy beside a full test run comes back.
                        if (attempt == 10)
                        {
                            Passed(lost: true);
                            break;
                        }
                        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(300 * attempt, 2000)));
                    }
                }
            }
        }
        finally
        {
            client.Dispose();
        }
    }

    private void Passed(bool lost)
    {
        if (lost)
            Interlocked.Increment(ref _lost);
        Interlocked.Decrement(ref _forwarding);
    }

    private static (MailboxAddress From, MailboxAddress[] To)? Addresses(Forward mail)
    {
        var to = new MailboxAddress[mail.To.Length];
        for (var i = 0; i < to.Length; i++)
        {
            if (!MailboxAddress.TryParse(mail.To[i], out var address))
                return null;
            to[i] = address;
        }
        return MailboxAddress.TryParse(mail.From, out var from) ? (from, to) : null;
    }

    private static void Drop(ISessionContext context)
    {
        context.Pipe.Dispose();
        throw new IOException("The relay dropped the connection, as told.");
    }

    private sealed record Rule(RelayAnswer Answer, int Times);

    private sealed record Forward(string From, string[] To, byte[] Content);

    // SmtpServer writes each reply of a pipelined MAIL, RCPT and DATA on its own; with Nagle's
    // algorithm on, the second waits for the client's delayed ACK (40 ms on Linux), which held
    // every mail to about 45 ms and the relay to about 180 mails/s over 8 connections.
    private sealed class NoDelayListeners : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new NoDelayListener(listener);
        }
    }

    private sealed class NoDelayListener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(
            ISessionContext context,
            CancellationToken cancellationToken
        )
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            return new PlainPipe(client);
        }

        public void Dispose() => listener.Stop();
    }

    // The connection as SmtpServer reads and writes it; the relay speaks plain SMTP only.
    private sealed class PlainPipe(TcpClient client) : ISecurableDuplexPipe
    {
        private readonly NetworkStream _stream = client.GetStream();

        public PipeReader Input => field ??= PipeReader.Create(_stream);

        public PipeWriter Output => field ??= PipeWriter.Create(_stream);

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(
            X509Certificate certificate,
            SslProtocols protocols,
            CancellationToken cancellationToken
        ) => throw new NotSupportedException("The test relay does not offer STARTTLS.");

        public void Dispose() => client.Dispose();
    }

    private sealed class Recipients(SmtpRelay relay) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(
            ISessionContext context,
            IMailbox from,
            int size,
            CancellationToken cancellationToken
        ) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(
            ISessionContext context,
            IMailbox to,
            IMailbox from,
            CancellationToken cancellationToken
        )
        {
            var address = to.AsAddress();
            relay._attempts.AddOrUpdate(address, 1, (_, count) => count + 1);
            switch (relay.Take(address, atData: false))
            {
                case RelayAnswer.TemporaryAtRcpt:
                    throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)451, "try again later"));
                case RelayAnswer.PermanentAtRcpt:
                    throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)550, "no such mailbox"));
                case RelayAnswer.DropBeforeData:
                    Drop(context);
                    break;
            }
            return Task.FromResult(true);
        }
    }

    private sealed class Messages(SmtpRelay relay) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context,
            IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken
        )
        {
            var answers = transaction.To.Select(to => relay.Take(to.AsAddress(), atData: true)).ToList();
            var answer = answers.FirstOrDefault(a => a != RelayAnswer.Accept);
            switch (answer)
            {
                case RelayAnswer.TemporaryAtData:
                    return new SmtpResponse((SmtpReplyCode)451, "try again later");
                case RelayAnswer.PermanentAtData:
                    return new SmtpResponse((SmtpReplyCode)554, "message refused");
                case RelayAnswer.DropAfterData:
                    relay.Arrive(transaction, buffer);
                    Drop(context);
                    break;
                case RelayAnswer.StallAfterData:
                    relay.Arrive(transaction, buffer);
                    await Task.Delay(relay._stall, relay._stop.Token);
                    break;
                default:
                    relay.Arrive(transaction, buffer);
                    break;
            }
            return SmtpResponse.Ok;
        }
    }
}
