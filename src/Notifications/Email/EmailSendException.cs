namespace Habatan.Notifications.Email;

// Raised instead of MailKit's SmtpCommandException, whose message repeats the server's reply:
// replies such as "550 <someone@example.com>: unknown user" would put an address into the logs
// of every retry.
public sealed class EmailSendException : Exception
{
    public EmailSendException() { }

    public EmailSendException(string message)
        : base(message) { }

    public EmailSendException(string message, Exception innerException)
        : base(message, innerException) { }
}
