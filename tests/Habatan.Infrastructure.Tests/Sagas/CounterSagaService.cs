using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Sagas;
using Habatan.Infrastructure.Tests.Sagas.Messages;
using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Habatan.Infrastructure.Tests.Sagas;

// The counter saga in a service wired like production, on its own database and queue.
internal sealed class CounterSagaService(TestService service, SagaPipeProbe probe) : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public SagaPipeProbe Probe => probe;

    public IBus Bus => service.Services.GetRequiredService<IBus>();

    public static async Task<CounterSagaService> StartAsync(ServersFixture servers, string name)
    {
        var probe = new SagaPipeProbe();
        var connectionString = await servers.Postgres.CreateDatabaseAsync(name);
        // A queue of its own per test: an earlier test's queue is still bound to the same exchanges.
        var serviceName = $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];
        var service = await TestService.StartAsync(
            serviceName,
            connectionString,
            servers.RabbitMq.Address,
            consumers: bus => bus.AddSagaStateMachine<CounterStateMachine, CounterState>().NpgsqlRepository(),
            services: services =>
                services
                    .AddSingleton(probe)
                    .Replace(
                        ServiceDescriptor.Scoped<ISagaRepositoryContextFactory<CounterState>>(
                            provider => new ProbingSagaRepositoryContextFactory(
                                ActivatorUtilities.CreateInstance<NpgsqlSagaRepositoryContextFactory<CounterState>>(
                                    provider
                                ),
                                provider.GetRequiredService<DbSession>(),
                                probe
                            )
                        )
                    )
        );
        return new CounterSagaService(service, probe);
    }

    public async Task StartCounterAsync(Guid counterId)
    {
        var received = new ReceivedMessages();
        using var observer = Bus.ConnectReceiveObserver(received);
        await Bus.Publish(new CounterStarted(counterId));
        Assert.True(
            await Eventually.HoldsAsync(async () => await ReadAsync(counterId) is not null, Timeout),
            $"The saga instance was never created: {string.Join(Environment.NewLine, received.Faults)}"
        );
    }

    public Task PublishAsync<T>(T message, Guid messageId)
        where T : class => Bus.Publish(message, context => context.MessageId = messageId);

    public async Task<CounterRow?> ReadAsync(Guid counterId)
    {
        await using var command = service.DataSource.CreateCommand(
            """
            SELECT (data->>'Count')::int, version, (data->>'Version')::int, current_state
            FROM saga_instance WHERE correlation_id = $1
            """
        );
        command.Parameters.Add(new() { Value = counterId });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            return null;
        return new CounterRow(
            reader.GetInt32(0),
            reader.GetInt32(1),
            reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetString(3)
        );
    }

    public Task<long> InboxRowsAsync(Guid messageId) =>
        service.ScalarAsync($"SELECT count(*) FROM inbox_message WHERE message_id = '{messageId}'");

    public ValueTask DisposeAsync() => service.DisposeAsync();
}

internal sealed record CounterRow(int Count, int Version, int DataVersion, string? CurrentState);
