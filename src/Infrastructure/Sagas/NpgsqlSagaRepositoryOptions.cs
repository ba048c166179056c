using System.Text.Json;

namespace Habatan.Infrastructure.Sagas;

public sealed class NpgsqlSagaRepositoryOptions
{
    // The saga_type column value. Rows outlive deployments, so it must not change when the
    // class is renamed or moved: set it explicitly before doing either. Defaults to the full name.
    public string? SagaType { get; set; }

    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.General);
}
