using Habatan.AppHost;
using Habatan.AppHost.Demo;
using Habatan.AppHost.Infrastructure;
using Habatan.AppHost.Supervision;

var builder = DistributedApplication.CreateBuilder(args);

// PostgreSQL (a database and login per service), RabbitMQ and the SMTP sink: containers where a
// container runtime answers, the Debian packages' servers as plain processes where none does,
// or a platform's own servers named by connection strings (--Infrastructure:Mode=external).
var infrastructure = builder.AddHabatanInfrastructure();

var applications = builder.AddService<Projects.Habatan_Applications>("applications", infrastructure);

// Members alone holds the private key that signs tokens.
var members = builder.AddService<Projects.Habatan_Members>(
    "members",
    infrastructure,
    project => project.WithEnvironment("Authentication__SigningKey", infrastructure.TokenSigningKey)
);
var notifications = builder.AddService<Projects.Habatan_Notifications>(
    "notifications",
    infrastructure,
    project => project.WithReference(infrastructure.Mail).WaitForIfStarted(infrastructure.MailSink)
);

// Only the gateway is reachable from outside; the services have internal endpoints only.
builder
    .AddProject<Projects.Habatan_Gateway>("gateway")
    .WithReference(applications)
    .WaitFor(applications)
    .WithReference(members)
    .WaitFor(members)
    .WithReference(notifications)
    .WaitFor(notifications)
    .WithReference(infrastructure.Messaging)
    .WaitForBroker(infrastructure)
    .WithReferenceIfAny(infrastructure.SharedState)
    .WithEnvironment("Authentication__PublicKey", infrastructure.TokenPublicKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithForwardedConfiguration(builder.Configuration, "gateway")
    .WithConfiguredReplicas(builder.Configuration)
    .WithRestartOnCrash();

// ./run.sh only: an open campaign, members with entitlements, demo applicants and ops accounts.
builder.AddDemoData(infrastructure, applications, members, notifications);

// A server or service process that dies on its own is started again, within a restart budget.
builder.AddSupervisor();

builder.PrintWhereThingsAre();

await builder.Build().RunAsync();
