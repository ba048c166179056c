using System.Diagnostics;
using System.Text.Json;
using Habatan.Infrastructure.Data;
using MassTransit;

namespace Habatan.Infrastructure.Outbox;

internal sealed class OutboxWriter(DbSession session, OutboxSignal signal) : IOutbox
{
    private bool _wakesDeliveryOnCommit;
    private NpgsqlTransaction? _notifiedIn;

    public async Task PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : class
    {
        await using var command = await session.CommandAsync(
            """
            INSERT INTO outbox_message (message_id, message_type, body, trace_parent, trace_state)
            VALUES ($1, $2, $3::jsonb, $4, $5)
            """,
            cancellationToken
        );
        // The trace context travels with the row, so delivery continues the request's trace.
        var activity = Activity.Current;
        command.Parameters.Add(new() { Value = NewId.NextGuid() });
        command.Parameters.Add(new() { Value = MessageTypeNames.For(typeof(T)) });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(message) });
        command.Parameters.Add(new() { Value = (object?)activity?.Id ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)activity?.TraceStateString ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);

        // The delivering instance may be another replica: PostgreSQL hands a NOTIFY to every
        // listener of this database at commit, and drops it on rollback, like the row itself.
        if (!ReferenceEquals(command.Transaction, _notifiedIn))
        {
            await using var notify = await session.CommandAsync($"NOTIFY {OutboxListener.Channel}", cancellationToken);
            await notify.ExecuteNonQueryAsync(cancellationToken);
            _notifiedIn = command.Transaction;
        }

        // In this process the signal is quicker still, and needs no LISTEN connection.
        if (!_wakesDeliveryOnCommit)
        {
            session.Committed += signal.Notify;
            _wakesDeliveryOnCommit = true;
        }
    }
}
