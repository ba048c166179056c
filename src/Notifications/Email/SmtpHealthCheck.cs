using MailKit.Net.Smtp;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Habatan.Notifications.Email;

// Readiness: the SMTP server answers its greeting. Not a liveness check: an SMTP outage only
// delays mail (consumers retry), restarting this service would not help.
public sealed class SmtpHealthCheck(SmtpEndpoint endpoint) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, endpoint.Security, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (NotSupportedException ex)
        {
            // Credentials are configured and the server offers no STARTTLS: no mail can go out.
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"SMTP server {endpoint} offers no STARTTLS.",
                ex
            );
        }
        catch (Exception ex)
            when (ex
                    is IOException
                        or System.Net.Sockets.SocketException
                        or OperationCanceledException
                        or MailKit.ProtocolException
                        or MailKit.Security.SslHandshakeException
            )
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"SMTP server {endpoint.Host}:{endpoint.Port} did not answer.",
                ex
            );
        }
    }
}
