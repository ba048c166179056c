namespace Habatan.Notifications.Email;

// Raised instead of MailKit's SmtpCommandException, whose message repeats the server's reply:
// replies such as "550 <someone@example.com>: unknown user" would put an address into the logs
// of every retry. Outcome and ReplyCode say what the caller may do next (see SmtpOutcome).
public sealed class EmailSendException : Exception
{
    public EmailSendException() { }

    public EmailSendException(string message)
        : base(message) { }

    public EmailSendException(string message, Exception innerException)
        : base(message, innerException) { }

    public EmailSendException(
        string message,
        SendOutcome outcome,
        int? replyCode = null,
        Exception? innerException = null
    )
        : base(message, innerException)
    {
        Outcome = outcome;
        ReplyCode = replyCode;
    }

    public SendOutcome Outcome { get; } = SendOutcome.NotAccepted;

    public int? ReplyCode { get; }

    // What a delivery row keeps: the reply code if there was one, else the kind of failure.
    public string Reason => ReplyCode is { } code ? $"SMTP {code}" : InnerException?.GetType().Name ?? Message;
}
