namespace Habatan.Notifications.Email;

public interface IEmailSender
{
    // Returns once the SMTP server accepted the message; throws if it did not.
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
