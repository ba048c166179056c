using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Habatan.AppHost;

// Healthy once the server on the port speaks its protocol: AMQP answers the protocol header
// with a method frame (type 1), SMTP greets with a 2xx line. An open port alone is not enough:
// RabbitMQ listens a moment before it can serve.
internal sealed class ProtocolGreetingCheck(int port, byte[] hello, byte expectedFirstByte) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            if (hello.Length > 0)
                await stream.WriteAsync(hello, timeout.Token);
            var first = new byte[1];
            var read = await stream.ReadAsync(first, timeout.Token);
            return read == 1 && first[0] == expectedFirstByte
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Port {port} answered, but not with the expected greeting.");
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Nothing answers on port {port} yet.", ex);
        }
    }
}
