namespace Habatan.AppHost.Infrastructure;

// What the services need, whichever way the servers were started. The connection strings have
// the same shape in both cases: services cannot tell containers from processes.
internal sealed record HabatanInfrastructure(
    IReadOnlyDictionary<string, IResourceBuilder<IResourceWithConnectionString>> Databases,
    IResourceBuilder<IResource> DatabaseSetup,
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    IResourceBuilder<IResource> Broker,
    IResourceBuilder<IResourceWithConnectionString> Mail,
    IResourceBuilder<IResource> MailSink,
    IResourceBuilder<ParameterResource> TokenSigningKey,
    IResourceBuilder<ParameterResource> TokenPublicKey,
    DevelopmentSecrets Secrets);
