using Habatan.Infrastructure.Data;
using MassTransit;

namespace Habatan.Infrastructure.Sagas;

// Reads and writes saga_instance rows through the message's DbSession, so they commit with the
// inbox and outbox rows. Concurrency is optimistic: each write names the version it was based on
// and fails with ConcurrencyException when another transaction changed the row first; the
// message retry then runs the message again on the new state.
internal sealed class NpgsqlSagaStore<TSaga>(DbSession session, NpgsqlSagaSchema<TSaga> schema)
    where TSaga : class, ISaga
{
    // Versions as read in this unit of work, kept here rather than trusted from the instance,
    // so nothing the saga does to its own data can defeat the check.
    private readonly Dictionary<Guid, int> _versions = [];

    public async Task<TSaga?> LoadAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "SELECT data, version FROM saga_instance WHERE saga_type = $1 AND correlation_id = $2",
            cancellationToken
        );
        command.Parameters.Add(new() { Value = schema.SagaType });
        command.Parameters.Add(new() { Value = correlationId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;

        var instance = schema.Deserialize(reader.GetString(0));
        var version = reader.GetInt32(1);
        instance.CorrelationId = correlationId;
        Remember(instance, version);
        return instance;
    }

    // False when the row already exists: another message created the instance first.
    public async Task<bool> TryInsertAsync(TSaga instance, CancellationToken cancellationToken)
    {
        const int version = 1;
        SetVersion(instance, version);
        await using var command = await session.CommandAsync(
            """
            INSERT INTO saga_instance (saga_type, correlation_id, current_state, data, version)
            VALUES ($1, $2, $3, $4::jsonb, $5)
            ON CONFLICT DO NOTHING
            """,
            cancellationToken
        );
        command.Parameters.Add(new() { Value = schema.SagaType });
        command.Parameters.Add(new() { Value = instance.CorrelationId });
        command.Parameters.Add(new() { Value = (object?)schema.CurrentState(instance) ?? DBNull.Value });
        command.Parameters.Add(new() { Value = schema.Serialize(instance) });
        command.Parameters.Add(new() { Value = version });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            return false;

        Remember(instance, version);
        return true;
    }

    public async Task InsertAsync(TSaga instance, CancellationToken cancellationToken)
    {
        if (!await TryInsertAsync(instance, cancellationToken))
            throw Conflict(instance, "was created by another message");
    }

    public async Task UpdateAsync(TSaga instance, CancellationToken cancellationToken)
    {
        var loaded = LoadedVersion(instance);
        SetVersion(instance, loaded + 1);
        await using var command = await session.CommandAsync(
            """
            UPDATE saga_instance SET current_state = $3, data = $4::jsonb, version = $5, updated_at = now()
            WHERE saga_type = $1 AND correlation_id = $2 AND version = $6
            """,
            cancellationToken
        );
        command.Parameters.Add(new() { Value = schema.SagaType });
        command.Parameters.Add(new() { Value = instance.CorrelationId });
        command.Parameters.Add(new() { Value = (object?)schema.CurrentState(instance) ?? DBNull.Value });
        command.Parameters.Add(new() { Value = schema.Serialize(instance) });
        command.Parameters.Add(new() { Value = loaded + 1 });
        command.Parameters.Add(new() { Value = loaded });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            throw Conflict(instance, $"was changed or removed by another message since version {loaded} was read");

        Remember(instance, loaded + 1);
    }

    public async Task DeleteAsync(TSaga instance, CancellationToken cancellationToken)
    {
        var loaded = LoadedVersion(instance);
        await using var command = await session.CommandAsync(
            "DELETE FROM saga_instance WHERE saga_type = $1 AND correlation_id = $2 AND version = $3",
            cancellationToken
        );
        command.Parameters.Add(new() { Value = schema.SagaType });
        command.Parameters.Add(new() { Value = instance.CorrelationId });
        command.Parameters.Add(new() { Value = loaded });
        // Finalizing stale state could drop what another message just recorded: retry instead.
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            throw Conflict(instance, $"was changed or removed by another message since version {loaded} was read");

        _versions.Remove(instance.CorrelationId);
    }

    private int LoadedVersion(TSaga instance) =>
        _versions.TryGetValue(instance.CorrelationId, out var version)
            ? version
            : throw new SagaException(
                "The saga instance was not loaded or inserted by this repository context.",
                typeof(TSaga),
                instance.CorrelationId
            );

    private void Remember(TSaga instance, int version)
    {
        _versions[instance.CorrelationId] = version;
        SetVersion(instance, version);
    }

    private static void SetVersion(TSaga instance, int version)
    {
        if (instance is ISagaVersion versioned)
            versioned.Version = version;
    }

    private ConcurrencyException Conflict(TSaga instance, string what) =>
        new($"Saga {schema.SagaType} {instance.CorrelationId} {what}.", typeof(TSaga), instance.CorrelationId);
}
