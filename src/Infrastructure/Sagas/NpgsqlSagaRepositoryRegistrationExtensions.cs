using System.Text.Json;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Habatan.Infrastructure.Sagas;

public static class NpgsqlSagaRepositoryRegistrationExtensions
{
    // bus.AddSagaStateMachine<OrderStateMachine, OrderState>().NpgsqlRepository();
    public static ISagaRegistrationConfigurator<TSaga> NpgsqlRepository<TSaga>(
        this ISagaRegistrationConfigurator<TSaga> configurator,
        Action<NpgsqlSagaRepositoryOptions>? configure = null
    )
        where TSaga : class, ISaga
    {
        ArgumentNullException.ThrowIfNull(configurator);
        var options = new NpgsqlSagaRepositoryOptions();
        configure?.Invoke(options);
        return configurator.Repository(repository => repository.AddNpgsqlSagaRepository(options));
    }

    // Every saga registered without its own .Repository(...) is stored in saga_instance.
    public static void SetNpgsqlSagaRepositoryProvider(
        this IRegistrationConfigurator configurator,
        JsonSerializerOptions? serializerOptions = null
    )
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.SetSagaRepositoryProvider(new NpgsqlSagaRepositoryRegistrationProvider(serializerOptions));
    }

    private static void AddNpgsqlSagaRepository<TSaga>(
        this ISagaRepositoryRegistrationConfigurator<TSaga> services,
        NpgsqlSagaRepositoryOptions options
    )
        where TSaga : class, ISaga
    {
        services.TryAddSingleton(new NpgsqlSagaSchema<TSaga>(options));
        services.RegisterLoadSagaRepository<TSaga, NpgsqlSagaRepositoryContextFactory<TSaga>>();
        services.RegisterSagaRepository<
            TSaga,
            NpgsqlSagaStore<TSaga>,
            SagaConsumeContextFactory<NpgsqlSagaStore<TSaga>, TSaga>,
            NpgsqlSagaRepositoryContextFactory<TSaga>
        >();
    }
}
