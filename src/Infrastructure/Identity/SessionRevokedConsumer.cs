using Habatan.Contracts.SignIn;
using Habatan.ServiceDefaults.Identity;
using MassTransit;

namespace Habatan.Infrastructure.Identity;

// Every instance of every service (and the gateway) must learn of a sign-out, so this consumer
// listens on a temporary queue of its own per instance rather than a shared, competing one.
public sealed class SessionRevokedConsumer(RevokedSessions revoked) : IConsumer<SessionRevoked>
{
    public Task Consume(ConsumeContext<SessionRevoked> context)
    {
        revoked.Revoke(context.Message.SessionId, context.Message.TokenExpiresAt);
        return Task.CompletedTask;
    }
}

public static class SessionRevokedRegistration
{
    // The queue's name carries an id of this process: a temporary queue is exclusive, so two
    // replicas declaring "applications-session-revoked" would lock each other out and the second
    // would fail to start. Random, not the process id or host name, which repeat across pods.
    private static readonly string InstanceId = Guid.NewGuid().ToString("N")[..12];

    public static void AddSessionRevokedConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<SessionRevokedConsumer>()
            .Endpoint(endpoint =>
            {
                endpoint.Temporary = true;
                endpoint.InstanceId = InstanceId;
            });
}
