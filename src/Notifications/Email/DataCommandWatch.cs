using System.Text;
using MailKit;

namespace Habatan.Notifications.Email;

// Tells whether the current send got as far as DATA (or BDAT): MailKit's exceptions for a lost
// connection or a timeout say nothing about where the conversation was, and that is the line
// between "not accepted, send again" and "may have arrived" (SmtpOutcome). MailKit hands every
// buffer it writes to its protocol logger; this one only looks for the command, keeps nothing.
// MailKit sends DATA on its own after the RCPT replies, even when it pipelines MAIL and RCPT.
internal sealed class DataCommandWatch : IProtocolLogger
{
    private static readonly byte[] Data = Encoding.ASCII.GetBytes("DATA\r\n");
    private static readonly byte[] Bdat = Encoding.ASCII.GetBytes("BDAT ");

    private volatile bool _dataSent;
    private volatile bool _answered;

    public bool DataSent => _dataSent;

    // Whether the server has said anything since Reset: a reused connection that fails before
    // its first reply was dead before this message began (MailKitEmailSender opens a new one).
    public bool Answered => _answered;

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    // Called before each message on a connection.
    public void Reset()
    {
        _dataSent = false;
        _answered = false;
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
        if (_dataSent)
            return;
        var written = buffer.AsSpan(offset, count);
        if (
            written.StartsWith(Data)
            || written.StartsWith(Bdat)
            || written.IndexOf("\r\nDATA\r\n"u8) >= 0
            || written.IndexOf("\r\nBDAT "u8) >= 0
        )
            _dataSent = true;
    }

    public void LogServer(byte[] buffer, int offset, int count) => _answered = true;

    public void LogConnect(Uri uri) { }

    public void Dispose() { }
}
