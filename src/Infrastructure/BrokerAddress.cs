namespace Habatan.Infrastructure;

// Reads an amqp://user:password@host:port/vhost connection string, the form Aspire hands out.
internal sealed record BrokerAddress(string Host, ushort Port, string VirtualHost, string Username, string Password)
{
    public static BrokerAddress Parse(Uri uri)
    {
        var credentials = uri.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new BrokerAddress(
            uri.Host,
            uri.IsDefaultPort || uri.Port <= 0 ? (ushort)5672 : (ushort)uri.Port,
            virtualHost.Length == 0 ? "/" : virtualHost,
            credentials.Length > 0 && credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "guest",
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "guest");
    }
}
