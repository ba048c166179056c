namespace Habatan.Notifications.Email;

public interface IEmailSender
{
    // Returns once the SMTP server accepted the message; otherwise throws an EmailSendException
    // whose Outcome says whether it may be sent again (SmtpOutcome).
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
