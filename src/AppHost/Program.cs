using Habatan.AppHost;
using Habatan.AppHost.Demo;
using Habatan.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// PostgreSQL (a database and login per service), RabbitMQ and the SMTP sink: containers where a
// container runtime answers, the Debian packages' servers as plain processes where none does.
var infrastructure = builder.AddHabatanInfrastructure();

var applications = builder.AddService<Projects.Habatan_Applications>("applications", infrastructure);
// Members alone holds the private key that signs tokens.
var members = builder.AddService<Projects.Habatan_Members>("members", infrastructure)
    .WithEnvironment("Authentication__SigningKey", infrastructure.TokenSigningKey);
var notifications = builder.AddService<Projects.Habatan_Notifications>("notifications", infrastructure)
    .WithReference(infrastructure.Mail)
    .WaitFor(infrastructure.MailSink);

// What the gateway replicas share (rate-limit buckets).
var sharedState = builder.AddSharedState();

// Only the gateway is reachable from outside; the services have internal endpoints only.
builder.AddProject<Projects.Habatan_Gateway>("gateway")
    .WithReference(sharedState)
    .WithReference(applications).WaitFor(applications)
    .WithReference(members).WaitFor(members)
    .WithReference(notifications).WaitFor(notifications)
    .WithReference(infrastructure.Messaging)
    .WaitFor(infrastructure.Broker)
    .WithEnvironment("Authentication__PublicKey", infrastructure.TokenPublicKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithForwardedConfiguration(builder.Configuration, "gateway")
    .WithConfiguredReplicas(builder.Configuration);

// ./run.sh only: an open campaign, members with entitlements, demo applicants and ops accounts.
builder.AddDemoData(infrastructure, applications, members, notifications);

builder.PrintWhereThingsAre();

await builder.Build().RunAsync();
