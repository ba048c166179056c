using System.Globalization;

namespace Habatan.Benchmark.Running;

// At 9:00 the people of a tranche sign in from homes and phones, each at an address of its own.
// The benchmark plays a balancer in front of the gateway (listed in its KnownProxies) that names
// each generated member's address in X-Forwarded-For, so the gateway's and Members' per-client
// limits run with production's settings instead of being lifted for one address.
internal static class PeopleAddresses
{
    // The gateway's KnownProxies: the benchmark connects to "localhost", over either family.
    public static readonly string[] Balancers = ["127.0.0.1", "::1"];

    // 10.0.0.0/8 holds 16.7 million addresses: one per member at every scale the benchmark runs.
    public static string Of(int member) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"10.{(member >> 16) & 0xFF}.{(member >> 8) & 0xFF}.{member & 0xFF}"
        );
}
