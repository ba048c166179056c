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
// turns that second copy into a no-op. Runs on every replica; the lock makes it one at a time.
// A message that fails MaxAttempts times while the broker is up moves to outbox_dead_letter and
// the ones behind it go on: one bad row must not stop a service's messages for good.
internal sealed partial class OutboxDeliveryService(
    NpgsqlDataSource dataSource,
    IBusControl bus,
    OutboxSignal signal,
    OutboxTelemetry telemetry,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDeliveryService> logger
) : BackgroundService
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
                if (result.Handled == settings.BatchSize && !result.Failed)
                    continue;
                wait = result.Failed ? settings.RetryDelay : settings.PollInterval;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDeliveryFailed(logger, ex);
                wait = settings.RetryDelay;
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    // Handled counts the rows that left the outbox, sent or dead-lettered.
    internal async Task<(int Handled, bool Failed)> DeliverBatchAsync(
        OutboxOptions settings,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (
            var lockOutbox = new NpgsqlCommand(
                "SELECT outbox FROM outbox_state WHERE outbox = 'bus' FOR UPDATE SKIP LOCKED",
                connection,
                transaction
            )
        )
        {
            // Another instance delivers.
            if (await lockOutbox.ExecuteScalarAsync(cancellationToken) is null)
                return (0, false);
        }

        var pending = await LoadPendingAsync(connection, transaction, settings.BatchSize, cancellationToken);
        var delivered = new List<long>();
        var deadLettered = 0;
        var failed = false;
        foreach (var message in pending)
        {
            var failure = await TrySendAsync(message, settings.SendTimeout, cancellationToken);
            if (failure is null)
            {
                delivered.Add(message.SequenceNumber);
                continue;
            }

            var counted = failure.AboutTheMessage || IsBrokerUp(failure.Exception);
            await RecordFailureAsync(
                connection,
                transaction,
                message.SequenceNumber,
                failure.Exception.Message,
                counted,
                cancellationToken
            );
            if (counted && message.Attempts + 1 >= settings.MaxAttempts)
            {
                LogDeadLettered(logger, message.MessageId, message.Attempts + 1, failure.Exception);
                await DeadLetterAsync(connection, transaction, message.SequenceNumber, cancellationToken);
                telemetry.DeadLettered(message.MessageType);
                deadLettered++;
                continue;
            }

            // Stop here: later messages must not overtake this one.
            LogSendFailed(logger, message.MessageId, failure.Exception);
            failed = true;
            break;
        }

        if (delivered.Count > 0)
        {
            await using var remove = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new("DELETE FROM outbox_message WHERE sequence_number = ANY($1)")
                    {
                        Parameters = { new() { Value = delivered.ToArray() } },
                    },
                    new("UPDATE outbox_state SET last_sequence_number = $1, delivered_at = now() WHERE outbox = 'bus'")
                    {
                        Parameters = { new() { Value = delivered[^1] } },
                    },
                },
            };
            await remove.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (delivered.Count + deadLettered, failed);
    }

    // Null when the broker confirmed the message.
    private async Task<SendFailure?> TrySendAsync(
        PendingMessage message,
        TimeSpan timeout,
        CancellationToken cancellationToken
    )
    {
        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        using var activity = ActivitySource.StartActivity("outbox deliver", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", message.MessageId);

        Type type;
        object body;
        try
        {
            type = MessageTypeNames.Resolve(message.MessageType);
            body =
                JsonSerializer.Deserialize(message.Body, type)
                ?? throw new InvalidOperationException($"Outbox message {message.MessageId} has an empty body.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Nothing was sent yet: the row itself is unreadable to this build.
            return new SendFailure(ex, AboutTheMessage: true);
        }

        try
        {
            // The stored id becomes the broker message id: the consumer's inbox is keyed by it.
            await BrokerCalls.WithinAsync(
                token => bus.Publish(body, type, context => context.MessageId = message.MessageId, token),
                timeout,
                cancellationToken
            );
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendFailure(ex, AboutTheMessage: false);
        }
    }

    // A publish that timed out, or failed while the bus is not healthy, is the broker's trouble:
    // the message waits without using up its tries, however long the outage lasts.
    private bool IsBrokerUp(Exception exception) =>
        exception is not OperationCanceledException && bus.CheckHealth().Status == BusHealthStatus.Healthy;

    private static async Task<List<PendingMessage>> LoadPendingAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        int batchSize,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT sequence_number, message_id, message_type, body::text, trace_parent, trace_state, attempts
            FROM outbox_message
            ORDER BY sequence_number
            LIMIT $1
            """,
            connection,
            transaction
        )
        {
            Parameters = { new() { Value = batchSize } },
        };
        var pending = new List<PendingMessage>(batchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(
                new PendingMessage(
                    reader.GetInt64(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.GetInt32(6)
                )
            );
        }
        return pending;
    }

    private static async Task RecordFailureAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long sequenceNumber,
        string error,
        bool counted,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE outbox_message
            SET attempts = attempts + CASE WHEN $3 THEN 1 ELSE 0 END,
                last_error = $2,
                first_attempt_at = coalesce(first_attempt_at, now()),
                last_attempt_at = now()
            WHERE sequence_number = $1
            """,
            connection,
            transaction
        )
        {
            Parameters =
            {
                new() { Value = sequenceNumber },
                new() { Value = error },
                new() { Value = counted },
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task DeadLetterAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long sequenceNumber,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(
            """
            WITH moved AS (
                DELETE FROM outbox_message
                WHERE sequence_number = $1
                RETURNING *)
            INSERT INTO outbox_dead_letter (sequence_number, message_id, message_type, body, trace_parent, trace_state,
                created_at, attempts, last_error, first_attempt_at, last_attempt_at)
            SELECT sequence_number, message_id, message_type, body, trace_parent, trace_state,
                created_at, attempts, last_error, first_attempt_at, last_attempt_at
            FROM moved
            """,
            connection,
            transaction
        )
        {
            Parameters = { new() { Value = sequenceNumber } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record PendingMessage(
        long SequenceNumber,
        Guid MessageId,
        string MessageType,
        string Body,
        string? TraceParent,
        string? TraceState,
        int Attempts
    );

    private sealed record SendFailure(Exception Exception, bool AboutTheMessage);

    [LoggerMessage(LogLevel.Warning, "Outbox send of message {MessageId} failed; it stays queued and is retried")]
    private static partial void LogSendFailed(ILogger logger, Guid messageId, Exception exception);

    [LoggerMessage(
        LogLevel.Error,
        "Outbox message {MessageId} failed {Attempts} times and moved to outbox_dead_letter; the next ones go on"
    )]
    private static partial void LogDeadLettered(ILogger logger, Guid messageId, int attempts, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Outbox delivery pass failed; retrying shortly")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception);
}
