using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Habatan.Infrastructure.Outbox;

// Delivers committed outbox rows to the broker in sequence order. Following MassTransit's own
// outbox: lock the outbox row with FOR UPDATE SKIP LOCKED (one deliverer at a time), send in
// order, stop at the first failure and retry later. A row is deleted only in the transaction
// that follows a confirmed send, so a crash in between sends it again; the consumer's inbox
// turns that second copy into a no-op.
internal sealed partial class OutboxDeliveryService(
    NpgsqlDataSource dataSource,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDeliveryService> logger) : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("Habatan.Messaging");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var result = await DeliverBatchAsync(settings, stoppingToken);
                if (result.Delivered == settings.BatchSize && !result.Failed) continue;
                wait = result.Failed ? settings.RetryDelay : settings.PollInterval;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDeliveryFailed(logger, ex);
                wait = settings.RetryDelay;
            }

            try { await signal.WaitAsync(wait, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    internal async Task<(int Delivered, bool Failed)> DeliverBatchAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockOutbox = new NpgsqlCommand("SELECT outbox FROM outbox_state WHERE outbox = 'bus' FOR UPDATE SKIP LOCKED", connection, transaction))
        {
            if (await lockOutbox.ExecuteScalarAsync(cancellationToken) is null) return (0, false); // another instance delivers
        }

        var pending = await LoadPendingAsync(connection, transaction, settings.BatchSize, cancellationToken);
        var delivered = new List<long>();
        var failed = false;
        foreach (var message in pending)
        {
            try
            {
                await SendAsync(message, settings.SendTimeout, cancellationToken);
                delivered.Add(message.SequenceNumber);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Stop here: later messages must not overtake this one.
                LogSendFailed(logger, message.MessageId, ex);
                await RecordFailureAsync(connection, transaction, message.SequenceNumber, ex.Message, cancellationToken);
                failed = true;
                break;
            }
        }

        if (delivered.Count > 0)
        {
            await using var remove = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new("DELETE FROM outbox_message WHERE sequence_number = ANY($1)") { Parameters = { new() { Value = delivered.ToArray() } } },
                    new("UPDATE outbox_state SET last_sequence_number = $1, delivered_at = now() WHERE outbox = 'bus'") { Parameters = { new() { Value = delivered[^1] } } },
                },
            };
            await remove.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (delivered.Count, failed);
    }

    private async Task SendAsync(PendingMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        using var activity = ActivitySource.StartActivity("outbox deliver", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", message.MessageId);

        var type = MessageTypeNames.Resolve(message.MessageType);
        var body = JsonSerializer.Deserialize(message.Body, type) ?? throw new InvalidOperationException($"Outbox message {message.MessageId} has an empty body.");

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        // The stored id becomes the broker message id: the consumer's inbox is keyed by it.
        await bus.Publish(body, type, context => context.MessageId = message.MessageId, timeoutSource.Token);
    }

    private static async Task<List<PendingMessage>> LoadPendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT sequence_number, message_id, message_type, body::text, trace_parent, trace_state
            FROM outbox_message ORDER BY sequence_number LIMIT $1
            """, connection, transaction)
        {
            Parameters = { new() { Value = batchSize } },
        };
        var pending = new List<PendingMessage>(batchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingMessage(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return pending;
    }

    private static async Task RecordFailureAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long sequenceNumber, string error, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("UPDATE outbox_message SET attempts = attempts + 1, last_error = $2 WHERE sequence_number = $1", connection, transaction)
        {
            Parameters = { new() { Value = sequenceNumber }, new() { Value = error } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record PendingMessage(long SequenceNumber, Guid MessageId, string MessageType, string Body, string? TraceParent, string? TraceState);

    [LoggerMessage(LogLevel.Warning, "Outbox send of message {MessageId} failed; it stays queued and is retried")]
    private static partial void LogSendFailed(ILogger logger, Guid messageId, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Outbox delivery pass failed; retrying shortly")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception);
}
