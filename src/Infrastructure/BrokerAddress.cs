namespace Habatan.Infrastructure;

// Reads the "messaging" connection string: amqp[s]://user:password@host[:port]/vhost, the form
// Aspire hands out, optionally naming a cluster's other nodes as ?nodes=host2[:port],host3[:port].
// The nodes ride in the query so the whole string stays a URI that the RabbitMQ client (health
// check) reads too; it connects to the first node. amqps means TLS to every node.
internal sealed record BrokerAddress(
    string Host,
    ushort Port,
    string VirtualHost,
    string Username,
    string Password,
    bool UseTls,
    IReadOnlyList<string> Nodes
)
{
    public static BrokerAddress Parse(Uri uri)
    {
        if (uri.Scheme is not ("amqp" or "amqps"))
            throw new FormatException("The messaging connection string must start with amqp:// or amqps://.");
        var useTls = uri.Scheme == "amqps";
        var defaultPort = useTls ? (ushort)5671 : (ushort)5672;
        var credentials = uri.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var port = uri.IsDefaultPort || uri.Port <= 0 ? defaultPort : (ushort)uri.Port;
        var others =
            QueryValue(uri, "nodes")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            ?? [];
        return new BrokerAddress(
            uri.Host,
            port,
            virtualHost.Length == 0 ? "/" : virtualHost,
            credentials.Length > 0 && credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "guest",
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "guest",
            useTls,
            [$"{uri.Host}:{port}", .. others.Select(node => WithPort(node, defaultPort))]
        );
    }

    // Never the password, wherever this ends up printed.
    public override string ToString() => $"{(UseTls ? "amqps" : "amqp")}://{string.Join(',', Nodes)}/{VirtualHost}";

    private static string WithPort(string node, ushort defaultPort) =>
        node.Contains(':', StringComparison.Ordinal) ? node : $"{node}:{defaultPort}";

    private static string? QueryValue(Uri uri, string name) =>
        uri
            .Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair[0] == name && pair.Length == 2)
            .Select(pair => Uri.UnescapeDataString(pair[1]))
            .FirstOrDefault();
}
