using System.Globalization;

namespace Habatan.FunctionalTests.Fleet;

// The same system as AppHostFixture on a RabbitMQ cluster of three nodes (processes, joined by
// the AppHost), each service connected to all three: the drill kills one and nothing may notice
// but the clock.
public sealed class RabbitMqClusterFixture : AppHostFixture
{
    public const int Nodes = 3;

    // Node n listens on FirstPort + 2(n - 1), its distribution port one above.
    private readonly int _firstPort = FreePort.Block(2 * Nodes);

    public static string ResourceOf(int node) => node == 1 ? "rabbitmq" : $"rabbitmq-{node}";

    public int PortOf(int node) => _firstPort + 2 * (node - 1);

    // rabbitmqctl against node n with the cluster's cookie, which the join step keeps in its folder.
    public Task<string> RabbitMqCtlAsync(int node, params string[] arguments)
    {
        var home = Path.Combine(DataDirectory, "rabbitmq-cluster");
        return RabbitMqCtl.RunAsync(PortOf(node), home, Path.Combine(home, "rabbitmq-env.conf"), EpmdPort, arguments);
    }

    // Given after the base fixture's own ports, so these win.
    protected override IEnumerable<string> ReplicaArguments =>
        [
            $"--Infrastructure:RabbitMqNodes={Nodes}",
            $"--Infrastructure:RabbitMqPort={_firstPort.ToString(CultureInfo.InvariantCulture)}",
            $"--Infrastructure:RabbitMqDistributionPort={(_firstPort + 1).ToString(CultureInfo.InvariantCulture)}",
        ];
}

[CollectionDefinition(Name)]
public sealed class RabbitMqClusterCollection : ICollectionFixture<RabbitMqClusterFixture>
{
    public const string Name = "rabbitmq-cluster";
}
