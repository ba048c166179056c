using System.Collections.Concurrent;
using System.Diagnostics;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Habatan.Notifications.Email;

// Sends over a few reused SMTP connections: a connection per mail would cost a TCP (and TLS)
// handshake each, and a fan-out must not open hundreds at once. The semaphore bounds both the
// connections and the sends in flight; a connection that failed in any way is dropped, never
// reused, since its protocol state is unknown.
public sealed partial class MailKitEmailSender : IEmailSender, IAsyncDisposable
{
    private readonly SmtpEndpoint _endpoint;
    private readonly EmailOptions _options;
    private readonly MailboxAddress _from;
    private readonly EmailTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger<MailKitEmailSender> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<PooledConnection> _idle = new();

    public MailKitEmailSender(
        SmtpEndpoint endpoint,
        IOptions<EmailOptions> options,
        EmailTelemetry telemetry,
        TimeProvider time,
        ILogger<MailKitEmailSender> logger
    )
    {
        _endpoint = endpoint;
        _options = options.Value;
        _from = MailboxAddress.Parse(_options.From);
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentSends));
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        using var activity = message.TracedAlone
            ? EmailTelemetry.Source.StartActivity("smtp send", ActivityKind.Client)
            : null;
        activity?.SetTag("email.kind", message.Kind);
        activity?.SetTag("server.address", _endpoint.Host);
        activity?.SetTag("server.port", _endpoint.Port);

        var mime = Compose(message);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            PooledConnection? connection = null;
            try
            {
                connection = await RentAsync(cancellationToken);
                if (!await TrySendAsync(connection, mime, cancellationToken))
                {
                    await DropAsync(connection);
                    connection = null;
                    connection = await ConnectAsync(cancellationToken);
                    // A new connection is not Reused: any failure on it is the send's own.
                    await TrySendAsync(connection, mime, cancellationToken);
                }
            }
            catch (Exception ex)
            {
                if (connection is not null)
                    await DropAsync(connection);
                var classified = Classified(ex, connection?.Watch.DataSent ?? false);
                _telemetry.Failed(message.Kind, classified.Outcome);
                activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                activity?.SetTag("email.outcome", classified.Outcome.ToString());
                throw classified;
            }

            connection.LastUsed = _time.GetUtcNow();
            _idle.Push(connection);
            _telemetry.Sent(message.Kind);
        }
        finally
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryPop(out var connection))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await connection.Client.DisconnectAsync(quit: true, timeout.Token);
            }
            catch (Exception ex)
                when (ex
                        is IOException
                            or OperationCanceledException
                            or MailKit.ProtocolException
                            or ServiceNotConnectedException
                )
            {
                // Closing anyway; the server ends the session on its side.
            }
            connection.Client.Dispose();
        }
        _slots.Dispose();
    }

    // Every failure leaves as an EmailSendException that says what it means for a retry (SmtpOutcome).
    // The server's reply text stays out of it: it may quote the address.
    private static EmailSendException Classified(Exception ex, bool dataSent)
    {
        if (ex is EmailSendException classified)
            return classified;
        var outcome = SmtpOutcome.Classify(ex, dataSent);
        var when = dataSent ? "after DATA" : "before DATA";
        return ex is SmtpCommandException command
            ? new EmailSendException(
                $"The SMTP server refused the mail: {command.ErrorCode}, status {(int)command.StatusCode}.",
                outcome,
                (int)command.StatusCode
            )
            : new EmailSendException($"The send failed {when} ({ex.GetType().Name}).", outcome, null, ex);
    }

    private MimeMessage Compose(EmailMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(_from);
        if (!MailboxAddress.TryParse(message.To, out var to))
            throw new EmailSendException("The recipient's address cannot be parsed.", SendOutcome.Refused);
        mime.To.Add(to);
        mime.Subject = message.Subject;
        mime.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = message.TextBody };
        return mime;
    }

    // A pooled connection the server closed while it sat idle fails on the first command, before
    // any reply: that is not an attempt at this mail, so the caller sends it once more on a new
    // connection rather than counting a failed send (and a retry later) for the member.
    private static async Task<bool> TrySendAsync(
        PooledConnection connection,
        MimeMessage mime,
        CancellationToken cancellationToken
    )
    {
        connection.Watch.Reset();
        try
        {
            await connection.Client.SendAsync(mime, cancellationToken);
            return true;
        }
        catch (Exception ex)
            when (connection.Reused
                && !connection.Watch.Answered
                && ex is IOException or MailKit.ProtocolException or ServiceNotConnectedException
            )
        {
            return false;
        }
    }

    private async Task<PooledConnection> RentAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryPop(out var connection))
        {
            if (connection.Client.IsConnected && await IsAliveAsync(connection, cancellationToken))
            {
                connection.Reused = true;
                return connection;
            }
            await DropAsync(connection);
        }
        return await ConnectAsync(cancellationToken);
    }

    private async Task<PooledConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var watch = new DataCommandWatch();
        var client = new SmtpClient(watch) { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_endpoint.Host, _endpoint.Port, _endpoint.Security, cancellationToken);
            if (_endpoint.Username is not null)
                await client.AuthenticateAsync(_endpoint.Username, _endpoint.Password ?? "", cancellationToken);
        }
        catch (NotSupportedException ex) when (_endpoint.Security == SecureSocketOptions.StartTls)
        {
            // MailKit refuses before AUTH or MAIL: nothing has left in clear text.
            client.Dispose();
            throw new EmailSendException(
                $"The SMTP server {_endpoint} does not offer STARTTLS and credentials are configured: "
                    + "refusing to send them or any mail in clear text (use smtps:// or a relay with STARTTLS).",
                ex
            );
        }
        catch
        {
            client.Dispose();
            throw;
        }
        LogConnected(_logger, _endpoint.Host, _endpoint.Port);
        return new PooledConnection(client, watch) { LastUsed = _time.GetUtcNow() };
    }

    private async Task<bool> IsAliveAsync(PooledConnection connection, CancellationToken cancellationToken)
    {
        if (_time.GetUtcNow() - connection.LastUsed < _options.IdleCheckAfter)
            return true;
        try
        {
            await connection.Client.NoOpAsync(cancellationToken);
            return true;
        }
        catch (Exception ex)
            when (ex is IOException or MailKit.ProtocolException or SmtpCommandException or ServiceNotConnectedException
            )
        {
            return false;
        }
    }

    private static async Task DropAsync(PooledConnection connection)
    {
        if (connection.Client.IsConnected)
        {
            try
            {
                await connection.Client.DisconnectAsync(quit: false, CancellationToken.None);
            }
            catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or ServiceNotConnectedException)
            {
                // The connection is being thrown away because it is broken already.
            }
        }
        connection.Client.Dispose();
    }

    [LoggerMessage(LogLevel.Debug, "Opened an SMTP connection to {Host}:{Port}")]
    private static partial void LogConnected(ILogger logger, string host, int port);

    private sealed class PooledConnection(SmtpClient client, DataCommandWatch watch)
    {
        public SmtpClient Client { get; } = client;

        public DataCommandWatch Watch { get; } = watch;

        public DateTimeOffset LastUsed { get; set; }

        // Taken from the pool rather than opened for this send.
        public bool Reused { get; set; }
    }
}
