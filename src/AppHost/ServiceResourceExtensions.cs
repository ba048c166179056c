using Habatan.AppHost.Infrastructure;
using Habatan.AppHost.Supervision;
using Microsoft.Extensions.Configuration;

namespace Habatan.AppHost;

internal static class ServiceResourceExtensions
{
    // Every service gets the same things: its own database, the broker, the key that checks
    // tokens, and a readiness check; it starts only once its database exists and the broker
    // answers. `configure` adds what one service alone needs, to the service and to its
    // migration alike (both run the same startup).
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder,
        string name,
        HabatanInfrastructure infrastructure,
        Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>>? configure = null
    )
        where TProject : IProjectMetadata, new()
    {
        configure ??= project => project;
        var service = configure(builder.AddProject<TProject>(name).WithServiceInfrastructure(name, infrastructure))
            .WithHttpHealthCheck("/health")
            .WithForwardedConfiguration(builder.Configuration, name)
            .WithConfiguredReplicas(builder.Configuration)
            .WithRestartOnCrash();
        if (!infrastructure.MigratesSeparately)
            return service;

        // Against servers the AppHost did not start (and in a cluster, as a Job), the schema is
        // migrated once before the service starts; the service itself only checks it.
        var migration = configure(
            builder
                .AddProject<TProject>($"{name}-migrate")
                .WithServiceInfrastructure(name, infrastructure)
                .WithArgs("--migrate-only")
        );
        return service.WithEnvironment("Migrations__ApplyAtStart", "false").WaitForCompletion(migration);
    }

    private static IResourceBuilder<ProjectResource> WithServiceInfrastructure(
        this IResourceBuilder<ProjectResource> project,
        string name,
        HabatanInfrastructure infrastructure
    )
    {
        project
            .WithReference(infrastructure.Databases[name])
            .WithReference(infrastructure.Messaging)
            .WithEnvironment("Authentication__PublicKey", infrastructure.TokenPublicKey)
            .WaitForBroker(infrastructure);
        if (infrastructure.DatabaseSetup is { } setup)
            project.WaitForCompletion(setup);
        return project.WithReferenceIfAny(infrastructure.SharedState);
    }

    public static IResourceBuilder<ProjectResource> WithReferenceIfAny(
        this IResourceBuilder<ProjectResource> project,
        IResourceBuilder<IResourceWithConnectionString>? source
    ) => source is null ? project : project.WithReference(source);

    // Waits for a server only when this AppHost started it.
    public static IResourceBuilder<T> WaitForIfStarted<T>(
        this IResourceBuilder<T> resource,
        IResourceBuilder<IResource>? server
    )
        where T : IResourceWithWaitSupport => server is null ? resource : resource.WaitFor(server);

    // The broker this AppHost started answers and, as a cluster, its nodes have joined.
    public static IResourceBuilder<T> WaitForBroker<T>(
        this IResourceBuilder<T> resource,
        HabatanInfrastructure infrastructure
    )
        where T : IResourceWithWaitSupport
    {
        resource.WaitForIfStarted(infrastructure.Broker);
        return infrastructure.BrokerCluster is { } cluster ? resource.WaitForCompletion(cluster) : resource;
    }

    // "Services:<name>:<key>" in the AppHost's configuration becomes "<key>" in that service's,
    // e.g. Services:members:Members:RoleGrants or Services:gateway:RateLimits:sign-in:PermitLimit.
    public static IResourceBuilder<ProjectResource> WithForwardedConfiguration(
        this IResourceBuilder<ProjectResource> project,
        IConfiguration configuration,
        string name
    )
    {
        var section = configuration.GetSection($"Services:{name}");
        foreach (var setting in section.AsEnumerable(makePathsRelative: true).Where(s => s.Value is not null))
            project.WithEnvironment(setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value);
        return project;
    }
}
