namespace Habatan.FunctionalTests;

// The AppHost's model only (nothing is started): "--Replicas:<name>=N" sets each project's
// replica count, and a service not named keeps one.
public sealed class ReplicaCountTests : IDisposable
{
    private readonly string _dataDirectory = RepositoryPaths.TestData("replicas");

    [Fact]
    public async Task EachServiceAndTheGatewayRunAsManyReplicasAsConfigured()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Habatan_AppHost>(
            [
                "--Infrastructure:Mode=executables",
                $"--Infrastructure:DataDirectory={_dataDirectory}",
                "--Replicas:gateway=2",
                "--Replicas:members=3",
            ],
            timeout.Token
        );

        int Replicas(string name) =>
            builder
                .Resources.Single(r => r.Name == name)
                .Annotations.OfType<ReplicaAnnotation>()
                .SingleOrDefault()
                ?.Replicas
            ?? 1;

        Assert.Equal(2, Replicas("gateway"));
        Assert.Equal(3, Replicas("members"));
        Assert.Equal(1, Replicas("applications"));
        Assert.Equal(1, Replicas("notifications"));
    }

    public void Dispose() => RepositoryPaths.TryDelete(_dataDirectory);
}
