using System.Diagnostics;
using System.Text.Json;
using Habatan.Infrastructure.Data;
using MassTransit;

namespace Habatan.Infrastructure.Outbox;

internal sealed class OutboxWriter(DbSession session, OutboxSignal signal) : IOutbox
{
    private bool _wakesDeliveryOnCommit;

    public async Task PublishAsync<T>(T message, CancellationToken cancellationToken = default) where T : class
    {
        await using var command = await session.CommandAsync("""
            INSERT INTO outbox_message (message_id, message_type, body, trace_parent, trace_state)
            VALUES ($1, $2, $3::jsonb, $4, $5)
            """, cancellationToken);
        // The trace context travels with the row, so delivery continues the request's trace.
        var activity = Activity.Current;
        command.Parameters.Add(new() { Value = NewId.NextGuid() });
        command.Parameters.Add(new() { Value = MessageTypeNames.For(typeof(T)) });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(message) });
        command.Parameters.Add(new() { Value = (object?)activity?.Id ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)activity?.TraceStateString ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);

        if (!_wakesDeliveryOnCommit)
        {
            session.Committed += signal.Notify;
            _wakesDeliveryOnCommit = true;
        }
    }
}
