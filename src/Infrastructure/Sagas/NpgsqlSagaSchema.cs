using System.Reflection;
using System.Text.Json;

namespace Habatan.Infrastructure.Sagas;

// How one saga type maps onto saga_instance; one per saga type, shared by every message.
internal sealed class NpgsqlSagaSchema<TSaga>
    where TSaga : class
{
    private readonly PropertyInfo? _currentState;

    public NpgsqlSagaSchema(NpgsqlSagaRepositoryOptions options)
    {
        SagaType = options.SagaType ?? typeof(TSaga).FullName ?? typeof(TSaga).Name;
        SerializerOptions = options.SerializerOptions;
        _currentState = typeof(TSaga).GetProperty("CurrentState", BindingFlags.Public | BindingFlags.Instance);
        if (_currentState is not null && (_currentState.PropertyType != typeof(string) || !_currentState.CanRead))
            _currentState = null;
    }

    public string SagaType { get; }

    public JsonSerializerOptions SerializerOptions { get; }

    // Only a copy for operators' queries: the state machine reads its state from the data.
    public string? CurrentState(TSaga instance) => (string?)_currentState?.GetValue(instance);

    public string Serialize(TSaga instance) => JsonSerializer.Serialize(instance, SerializerOptions);

    public TSaga Deserialize(string json) =>
        JsonSerializer.Deserialize<TSaga>(json, SerializerOptions)
        ?? throw new InvalidOperationException($"Saga data for {SagaType} deserialized to null.");
}
