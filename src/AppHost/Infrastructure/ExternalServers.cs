namespace Habatan.AppHost.Infrastructure;

// Mode=external: the AppHost starts no server and passes on the connection strings it is given
// (ConnectionStrings:<name> in configuration or the environment; parameters in a published
// manifest), unchanged, so TLS settings such as Npgsql's SSL Mode or amqps reach the services.
// The databases and logins exist already: the platform team ran src/Provisioning once.
internal static class ExternalServers
{
    public const string Mode = "external";

    public const string SharedStateConnectionName = "sharedstate";

    public static (
        Dictionary<string, IResourceBuilder<IResourceWithConnectionString>> Databases,
        IResourceBuilder<IResourceWithConnectionString> Messaging,
        IResourceBuilder<IResourceWithConnectionString> Mail,
        IResourceBuilder<IResourceWithConnectionString> SharedState
    ) Add(IDistributedApplicationBuilder builder) =>
        (
            InfrastructureOptions.Services.ToDictionary(
                service => service,
                service => builder.AddConnectionString($"{service}db")
            ),
            builder.AddConnectionString("messaging"),
            builder.AddConnectionString("mail"),
            // Reserved for the shared-state store (Redis) a later change brings; services ignore it.
            builder.AddConnectionString(SharedStateConnectionName)
        );
}
