using Habatan.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Habatan.AppHost;

internal static class ServiceResourceExtensions
{
    // Every service gets the same things: its own database, the broker, the key that checks
    // tokens, and a readiness check; it starts only once its database exists and the broker answers.
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, HabatanInfrastructure infrastructure)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithReference(infrastructure.Databases[name])
            .WaitForCompletion(infrastructure.DatabaseSetup)
            .WithReference(infrastructure.Messaging)
            .WaitFor(infrastructure.Broker)
            .WithEnvironment("Authentication__PublicKey", infrastructure.TokenPublicKey)
            .WithHttpHealthCheck("/health")
            .WithForwardedConfiguration(builder.Configuration, name)
            .WithConfiguredReplicas(builder.Configuration);

    // "Services:<name>:<key>" in the AppHost's configuration becomes "<key>" in that service's,
    // e.g. Services:members:Members:RoleGrants or Services:gateway:RateLimits:sign-in:PermitLimit.
    public static IResourceBuilder<ProjectResource> WithForwardedConfiguration(
        this IResourceBuilder<ProjectResource> project, IConfiguration configuration, string name)
    {
        var section = configuration.GetSection($"Services:{name}");
        foreach (var setting in section.AsEnumerable(makePathsRelative: true).Where(s => s.Value is not null))
            project.WithEnvironment(setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value);
        return project;
    }
}
