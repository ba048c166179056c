namespace Habatan.FunctionalTests.Deploying;

// deploy/check (Node, kubernetes-models; installed by eng/setup.sh) validates each kustomization
// offline against the Kubernetes API schemas and the AppHost's model: every service, migration
// and setting of the AppHost appears in the manifests, and nothing else does.
public sealed class KubernetesManifestTests(AppHostManifestFixture fixture) : IClassFixture<AppHostManifestFixture>
{
    private static readonly string CheckDirectory = Path.Combine(RepositoryPaths.Root, "deploy", "check");

    [Theory]
    [InlineData("base")]
    [InlineData("overlays/staging")]
    [InlineData("overlays/production")]
    public async Task TheManifestsAreValidKubernetesObjectsInStepWithTheAppHost(string kustomization)
    {
        Assert.True(
            Directory.Exists(Path.Combine(CheckDirectory, "node_modules")),
            "deploy/check/node_modules is missing: run eng/setup.sh (npm ci)."
        );

        var directory = Path.Combine(RepositoryPaths.Root, "deploy", kustomization);
        await using var check = ServerProcess.Start(
            "node",
            [Path.Combine(CheckDirectory, "check.mjs"), fixture.ManifestPath, directory]
        );
        var exitCode = await check.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, check.Output);
        Assert.Contains("valid and in step with the AppHost", check.Output, StringComparison.Ordinal);
    }
}
