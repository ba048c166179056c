using MailKit.Security;

namespace Habatan.Notifications.Email;

// Reads the "mail" connection string: smtp://host:port or smtps://host:port (TLS from the
// start), with optional user:password. Without credentials (the local mail sink) smtp:// uses
// STARTTLS when offered; with credentials it requires STARTTLS, so a relay that does not offer
// it (or an attacker stripping it) never receives the password or a mail in clear text.
public sealed record SmtpEndpoint(
    string Host,
    int Port,
    SecureSocketOptions Security,
    string? Username,
    string? Password
)
{
    public static SmtpEndpoint Parse(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("smtp" or "smtps"))
            throw new FormatException(
                "The mail connection string must look like smtp://host:port or smtps://host:port."
            );

        var secure = uri.Scheme == "smtps";
        var credentials = uri.UserInfo.Split(':', 2);
        var username = credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : null;
        var security =
            secure ? SecureSocketOptions.SslOnConnect
            : username is not null ? SecureSocketOptions.StartTls
            : SecureSocketOptions.StartTlsWhenAvailable;
        return new SmtpEndpoint(
            uri.Host,
            uri.IsDefaultPort || uri.Port <= 0 ? (secure ? 465 : 25) : uri.Port,
            security,
            username,
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : null
        );
    }

    // Never the credentials, wherever this ends up printed.
    public override string ToString() => $"{Host}:{Port}";
}
