using System.Diagnostics.Metrics;

namespace Habatan.Infrastructure.Outbox;

// A count of dead-lettered messages on the shared "Habatan" meter: anything above zero wants a
// person (the rows are in outbox_dead_letter and on GET /api/<service>/ops/outbox/dead-letters).
public sealed class OutboxTelemetry : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _deadLettered;

    public OutboxTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create("Habatan");
        _deadLettered = _meter.CreateCounter<long>(
            "habatan.outbox.dead_lettered",
            description: "Outbox messages moved to outbox_dead_letter"
        );
    }

    public void DeadLettered(string messageType) =>
        _deadLettered.Add(1, new KeyValuePair<string, object?>("messaging.message.type", messageType));

    public void Dispose() => _meter.Dispose();
}
