using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Habatan.TestSupport;

// Ports for the servers tests start. They come from below the kernel's range for outgoing
// connections (ip_local_port_range, 32768-60999 on Debian): a port picked there and released
// can be taken by any client's connection before the server binds it, and a broker that cannot
// listen exits at start (under a full run, a whole AppHost fixture then waited for its broker).
public static class FreePort
{
    private const int Lowest = 10000;
    private static readonly int Highest = OutgoingRangeStart() - 1;

    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(Lowest, Highest + 1);
            if (IsFree(port))
                return port;
        }
        throw new InvalidOperationException($"No free port found between {Lowest} and {Highest}.");
    }

    // The first of `count` consecutive free ports, for a server that derives ports from one
    // (the AppHost's RabbitMQ nodes: RabbitMqPort + 2(n - 1) and the distribution port beside it).
    public static int Block(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Next();
            if (first + count - 1 <= Highest && Enumerable.Range(first + 1, count - 1).All(IsFree))
                return first;
        }
        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int OutgoingRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return Math.Max(Lowest + 1000, int.Parse(range[0], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return 32768;
        }
    }
}
