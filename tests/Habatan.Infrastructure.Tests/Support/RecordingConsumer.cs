using Habatan.Infrastructure.Data;
using MassTransit;

namespace Habatan.Infrastructure.Tests.Support;

// Writes one row per handling, with no unique key: a message handled twice shows up twice.
public sealed class RecordingConsumer(DbSession session, ConsumerFaults faults) : IConsumer<NumberedMessage>
{
    public const string Schema = """
        CREATE TABLE handled (
            number integer NOT NULL, message_id uuid NOT NULL, handled_at timestamptz NOT NULL DEFAULT now())
        """;

    public async Task Consume(ConsumeContext<NumberedMessage> context)
    {
        await using var command = await session.CommandAsync(
            "INSERT INTO handled (number, message_id) VALUES ($1, $2)",
            context.CancellationToken
        );
        command.Parameters.Add(new() { Value = context.Message.Number });
        command.Parameters.Add(new() { Value = context.MessageId!.Value });
        await command.ExecuteNonQueryAsync(context.CancellationToken);

        // After the write, so a failure proves the write is rolled back with the inbox row.
        faults.ThrowIfPlanned(context.Message.Number);
    }
}

public sealed class ConsumerFaults
{
    private readonly Dictionary<int, int> _remaining = [];

    public void FailTimes(int number, int times)
    {
        lock (_remaining)
            _remaining[number] = times;
    }

    public void ThrowIfPlanned(int number)
    {
        lock (_remaining)
        {
            if (_remaining.TryGetValue(number, out var left) && left > 0)
            {
                _remaining[number] = left - 1;
                throw new InvalidOperationException($"Planned failure for message {number}.");
            }
        }
    }
}
