using Microsoft.Extensions.Configuration;

namespace Habatan.AppHost;

internal static class ReplicaCounts
{
    public const string Section = "Replicas";

    // "--Replicas:<name>=N" runs N processes of that service or of the gateway (default 1), to
    // run the system as a fleet does: every rule must hold however many there are.
    public static IResourceBuilder<ProjectResource> WithConfiguredReplicas(
        this IResourceBuilder<ProjectResource> project,
        IConfiguration configuration
    )
    {
        var key = $"{Section}:{project.Resource.Name}";
        var count = configuration.GetValue(key, 1);
        if (count < 1)
            throw new InvalidOperationException($"{key} must be 1 or more; it is {count}.");
        return count == 1 ? project : project.WithReplicas(count);
    }
}
