using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Migrations;
using Habatan.Infrastructure.Sagas;
using MassTransit;

namespace Habatan.Infrastructure.Tests.Sagas;

// The optimistic check itself, with two units of work interleaved by hand instead of by the broker.
[Collection(ServersCollection.Name)]
public sealed class NpgsqlSagaStoreTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly NpgsqlSagaSchema<CounterState> _schema = new(new NpgsqlSagaRepositoryOptions());
    private ServiceProvider _services = null!;

    private NpgsqlDataSource DataSource => _services.GetRequiredService<NpgsqlDataSource>();

    public async Task InitializeAsync()
    {
        var connectionString = await servers.Postgres.CreateDatabaseAsync("saga_store");
        _services = new ServiceCollection().AddLogging().AddSingleton(_ => NpgsqlDataSource.Create(connectionString)).BuildServiceProvider();
        await _services.MigrateDatabaseAsync("saga_store", typeof(NpgsqlSagaStoreTests).Assembly);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task StaleUpdateLosesWithConcurrencyExceptionAndLeavesTheWinnersState()
    {
        var counterId = await CreateAsync();
        await using var first = new DbSession(DataSource);
        await using var second = new DbSession(DataSource);
        var firstStore = Store(first);
        var secondStore = Store(second);
        var firstCopy = (await firstStore.LoadAsync(counterId, default))!;
        var secondCopy = (await secondStore.LoadAsync(counterId, default))!;

        firstCopy.Count = 10;
        await firstStore.UpdateAsync(firstCopy, default);
        await first.CommitAsync();
        secondCopy.Count = 20;

        await Assert.ThrowsAsync<ConcurrencyException>(() => secondStore.UpdateAsync(secondCopy, default));
        await second.RollbackAsync();
        Assert.Equal((10, 2), await ReadAsync(counterId));
    }

    [Fact]
    public async Task StaleUpdateWaitsForTheWinnerToCommitThenLoses()
    {
        var counterId = await CreateAsync();
        await using var first = new DbSession(DataSource);
        await using var second = new DbSession(DataSource);
        var firstStore = Store(first);
        var secondStore = Store(second);
        var firstCopy = (await firstStore.LoadAsync(counterId, default))!;
        var secondCopy = (await secondStore.LoadAsync(counterId, default))!;
        firstCopy.Count = 10;
        await firstStore.UpdateAsync(firstCopy, default);

        // The winner holds the row lock, so the loser's update blocks until the winner commits.
        secondCopy.Count = 20;
        var stale = secondStore.UpdateAsync(secondCopy, default);
        await Task.Delay(200);
        Assert.False(stale.IsCompleted);
        await first.CommitAsync();

        await Assert.ThrowsAsync<ConcurrencyException>(() => stale.WaitAsync(TimeSpan.FromSeconds(30)));
        await second.RollbackAsync();
        Assert.Equal((10, 2), await ReadAsync(counterId));
    }

    [Fact]
    public async Task StaleDeleteLosesWithConcurrencyException()
    {
        var counterId = await CreateAsync();
        await using var first = new DbSession(DataSource);
        await using var second = new DbSession(DataSource);
        var firstStore = Store(first);
        var secondStore = Store(second);
        var firstCopy = (await firstStore.LoadAsync(counterId, default))!;
        var secondCopy = (await secondStore.LoadAsync(counterId, default))!;
        firstCopy.Count = 10;
        await firstStore.UpdateAsync(firstCopy, default);
        await first.CommitAsync();

        await Assert.ThrowsAsync<ConcurrencyException>(() => secondStore.DeleteAsync(secondCopy, default));
        await second.RollbackAsync();
        Assert.Equal((10, 2), await ReadAsync(counterId));
    }

    [Fact]
    public async Task SecondInsertOfOneInstanceLosesWithConcurrencyException()
    {
        var counterId = await CreateAsync();
        await using var session = new DbSession(DataSource);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Store(session).InsertAsync(new CounterState { CorrelationId = counterId, Count = 5 }, default));
        await session.RollbackAsync();
        Assert.Equal((0, 1), await ReadAsync(counterId));
    }

    [Fact]
    public async Task SuccessiveUpdatesInOneUnitOfWorkEachAdvanceTheVersion()
    {
        var counterId = await CreateAsync();
        await using var session = new DbSession(DataSource);
        var store = Store(session);
        var instance = (await store.LoadAsync(counterId, default))!;

        instance.Count = 1;
        await store.UpdateAsync(instance, default);
        instance.Count = 2;
        await store.UpdateAsync(instance, default);
        await session.CommitAsync();

        Assert.Equal((2, 3), await ReadAsync(counterId));
        Assert.Equal(3, instance.Version);
    }

    private NpgsqlSagaStore<CounterState> Store(DbSession session) => new(session, _schema);

    private async Task<Guid> CreateAsync()
    {
        var counterId = Guid.NewGuid();
        await using var session = new DbSession(DataSource);
        await Store(session).InsertAsync(new CounterState { CorrelationId = counterId, CurrentState = "Counting" }, default);
        await session.CommitAsync();
        return counterId;
    }

    private async Task<(int Count, int Version)> ReadAsync(Guid counterId)
    {
        await using var command = DataSource.CreateCommand("SELECT (data->>'Count')::int, version FROM saga_instance WHERE correlation_id = $1");
        command.Parameters.Add(new() { Value = counterId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "The instance is gone.");
        return (reader.GetInt32(0), reader.GetInt32(1));
    }
}
