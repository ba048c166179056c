namespace Habatan.FunctionalTests;

// The AppHost's model only (nothing is started): "--Infrastructure:RabbitMqNodes=3" runs three
// RabbitMQ processes, joins them, and names all three in the services' connection string; with
// a container runtime it stays one container.
public sealed class BrokerNodeCountTests : IDisposable
{
    private readonly string _dataDirectory = RepositoryPaths.TestData("broker-nodes");

    [Theory]
    [InlineData("executables", new[] { "rabbitmq", "rabbitmq-2", "rabbitmq-3", "rabbitmq-cluster" })]
    [InlineData("containers", new[] { "rabbitmq" })]
    public async Task ThreeNodesAreThreeProcessesJoinedAndOneContainer(string mode, string[] brokerResources)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Habatan_AppHost>(
            [
                $"--Infrastructure:Mode={mode}",
                $"--Infrastructure:DataDirectory={_dataDirectory}",
                "--Infrastructure:RabbitMqNodes=3",
            ],
            timeout.Token
        );

        Assert.Equal(
            brokerResources,
            builder
                .Resources.Where(r => r is not ParameterResource)
                .Select(r => r.Name)
                .Where(name => name.StartsWith("rabbitmq", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
        );
        var messaging = builder.Resources.OfType<ConnectionStringResource>().Single(r => r.Name == "messaging");
        Assert.Equal(
            brokerResources.Length > 1,
            messaging.ConnectionStringExpression.ValueExpression.Contains("?nodes=", StringComparison.Ordinal)
        );
    }

    public void Dispose() => RepositoryPaths.TryDelete(_dataDirectory);
}
