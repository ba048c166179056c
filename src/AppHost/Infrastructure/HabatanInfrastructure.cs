namespace Habatan.AppHost.Infrastructure;

// What the services need, whichever way the servers were started. The connection strings have
// the same shape in every case: services cannot tell containers from processes from a
// platform's managed servers. Servers the AppHost does not start (external mode) are null, and
// nothing waits for them; migrations then run once, as their own resources, before each service.
internal sealed record HabatanInfrastructure(
    IReadOnlyDictionary<string, IResourceBuilder<IResourceWithConnectionString>> Databases,
    IResourceBuilder<IResource>? DatabaseSetup,
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    IResourceBuilder<IResource>? Broker,
    IResourceBuilder<IResource>? BrokerCluster,
    IResourceBuilder<IResourceWithConnectionString> Mail,
    IResourceBuilder<IResource>? MailSink,
    IResourceBuilder<IResourceWithConnectionString>? SharedState,
    IResourceBuilder<ParameterResource> TokenSigningKey,
    IResourceBuilder<ParameterResource> TokenPublicKey,
    DevelopmentSecrets Secrets
)
{
    public bool MigratesSeparately => DatabaseSetup is null;
}
