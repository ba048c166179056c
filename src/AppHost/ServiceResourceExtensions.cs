using Habatan.AppHost.Infrastructure;

namespace Habatan.AppHost;

internal static class ServiceResourceExtensions
{
    // Every service gets the same things: its own database, the broker, and a readiness check;
    // it starts only once its database exists and the broker answers.
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, HabatanInfrastructure infrastructure)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithReference(infrastructure.Databases[name])
            .WaitForCompletion(infrastructure.DatabaseSetup)
            .WithReference(infrastructure.Messaging)
            .WaitFor(infrastructure.Broker)
            .WithHttpHealthCheck("/health");
}
