using MailKit.Net.Smtp;

namespace Habatan.Notifications.Email;

// How a send that did not end in "250 OK" ended, which decides whether it may be sent again.
public enum SendOutcome
{
    // A 4xx reply, or the connection failed before DATA: the server did not take the mail, so a
    // retry cannot make a second copy.
    NotAccepted,

    // A 5xx reply (or an address the mail cannot even be addressed to): retrying will not help.
    Refused,

    // The connection was lost or timed out after DATA: the mail may have arrived. Never re-sent.
    Unknown,
}

// The rule, in one place: the reply code if the server answered, otherwise whether DATA had
// been sent when the connection failed.
public static class SmtpOutcome
{
    public static SendOutcome Classify(Exception exception, bool dataSent) =>
        exception switch
        {
            EmailSendException sent => sent.Outcome,
            SmtpCommandException command when (int)command.StatusCode is >= 400 and < 500 => SendOutcome.NotAccepted,
            SmtpCommandException => SendOutcome.Refused,
            FormatException or MimeKit.ParseException => SendOutcome.Refused,
            _ => dataSent ? SendOutcome.Unknown : SendOutcome.NotAccepted,
        };

    public static int? ReplyCode(Exception exception) =>
        exception switch
        {
            EmailSendException sent => sent.ReplyCode,
            SmtpCommandException command => (int)command.StatusCode,
            _ => null,
        };
}
