namespace Habatan.FunctionalTests.Deploying;

// The AppHost's model as Aspire publishes it (`--publisher manifest`), in external mode, the
// mode a cluster runs: what deploy/ is checked against.
public sealed class AppHostManifestFixture : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly string _directory = RepositoryPaths.TestData("aspire-manifest");

    public string ManifestPath => Path.Combine(_directory, "aspire-manifest.json");

    public async Task InitializeAsync()
    {
        await using var publisher = ServerProcess.Start(
            "dotnet",
            [
                BuildOutput.Of("AppHost", "Habatan.AppHost.dll"),
                "--Infrastructure:Mode=external",
                "--publisher",
                "manifest",
                "--output-path",
                ManifestPath,
            ]
        );
        var exitCode = await publisher.WaitForExitAsync(Patience);
        if (exitCode != 0 || !File.Exists(ManifestPath))
        {
            throw new InvalidOperationException(
                $"The AppHost did not publish its manifest (exit {exitCode}):\n{publisher.Output}"
            );
        }
    }

    public Task DisposeAsync()
    {
        RepositoryPaths.TryDelete(_directory);
        return Task.CompletedTask;
    }
}
