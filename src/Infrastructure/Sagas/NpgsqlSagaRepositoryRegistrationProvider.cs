using System.Text.Json;
using MassTransit;
using MassTransit.Configuration;

namespace Habatan.Infrastructure.Sagas;

internal sealed class NpgsqlSagaRepositoryRegistrationProvider(JsonSerializerOptions? serializerOptions)
    : ISagaRepositoryRegistrationProvider
{
    public void Configure<TSaga>(ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISaga =>
        configurator.NpgsqlRepository(options =>
        {
            if (serializerOptions is not null)
                options.SerializerOptions = serializerOptions;
        });
}
