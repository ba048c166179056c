using Habatan.Contracts.Audiences;
using MassTransit;

namespace Habatan.Members.Audiences;

// Asked by the Notifications saga; runs in the inbox's transaction, so the snapshot, its
// outbox messages and the inbox row commit together.
public sealed class ResolveAudienceConsumer(AudienceResolver resolver) : IConsumer<ResolveAudience>
{
    public Task Consume(ConsumeContext<ResolveAudience> context) =>
        resolver.ResolveAsync(context.Message, context.CancellationToken);
}
