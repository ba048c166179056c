using Habatan.Infrastructure.Data;
using MassTransit;

namespace Habatan.Infrastructure.Inbox;

// Makes every consumer idempotent. In the unit of work's transaction it records
// (message id, consumer); a row already there means this message was handled before, so the
// copy is acknowledged and dropped. The consumer's own writes and outbox rows share the
// transaction: either the message was handled and recorded, or neither happened.
public sealed partial class InboxFilter<T>(DbSession session, ILogger<InboxFilter<T>> logger)
    : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var messageId =
            context.MessageId
            ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");
        var consumer = ConsumerName(context);

        await using (
            var record = await session.CommandAsync(
                "INSERT INTO inbox_message (message_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                context.CancellationToken
            )
        )
        {
            record.Parameters.Add(new() { Value = messageId });
            record.Parameters.Add(new() { Value = consumer });
            if (await record.ExecuteNonQueryAsync(context.CancellationToken) == 0)
            {
                LogDuplicate(logger, messageId, consumer);
                await session.RollbackAsync(context.CancellationToken);
                return;
            }
        }

        try
        {
            await next.Send(context);
            await session.CommitAsync(context.CancellationToken);
        }
        catch
        {
            // Undo the inbox row with everything else, so a retry or redelivery handles it anew.
            await session.RollbackAsync(CancellationToken.None);
            throw;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");

    // The receive queue names the consumer: each consumer has its own queue in this system.
    private static string ConsumerName(ConsumeContext context) =>
        context.ReceiveContext.InputAddress.AbsolutePath.Trim('/').Split('/')[^1];

    [LoggerMessage(LogLevel.Information, "Message {MessageId} was already handled by {Consumer}; skipped")]
    private static partial void LogDuplicate(ILogger logger, Guid messageId, string consumer);
}
