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
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(_ => NpgsqlDataSource.Create(connectionString))
            .BuildServiceProvider();
        await _services.MigrateDatabaseAsync("saga_store", typeof(NpgsqlSagaStoreTests).Assembly);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task StaleUpdateLosesWithConcurrencyExceptionAndLeavesTheWinnersState()
    {
        await using var rivals = await RivalsAsync();
        await rivals.Winner.CommitAsync();
        rivals.LoserCopy.Count = 20;

        await Assert.ThrowsAsync<ConcurrencyException>(() => rivals.LoserStore.UpdateAsync(rivals.LoserCopy, default));
        await rivals.Loser.RollbackAsync();
        Assert.Equal((10, 2), await ReadAsync(rivals.CounterId));
    }

    [Fact]
    public async Task StaleUpdateWaitsForTheWinnerToCommitThenLoses()
    {
        await using var rivals = await RivalsAsync();

        // The winner holds the row lock, so the loser's update blocks until the winner commits.
        rivals.LoserCopy.Count = 20;
        var stale = rivals.LoserStore.UpdateAsync(rivals.LoserCopy, default);
        await Task.Delay(200);
        Assert.False(stale.IsCompleted);
        await rivals.Winner.CommitAsync();

        await Assert.ThrowsAsync<ConcurrencyException>(() => stale.WaitAsync(TimeSpan.FromSeconds(30)));
        await rivals.Loser.RollbackAsync();
        Assert.Equal((10, 2), await ReadAsync(rivals.CounterId));
    }

    [Fact]
    public async Task StaleDeleteLosesWithConcurrencyException()
    {
        await using var rivals = await RivalsAsync();
        await rivals.Winner.CommitAsync();

        await Assert.ThrowsAsync<ConcurrencyException>(() => rivals.LoserStore.DeleteAsync(rivals.LoserCopy, default));
        await rivals.Loser.RollbackAsync();
        Assert.Equal((10, 2), await ReadAsync(rivals.CounterId));
    }

    [Fact]
    public async Task SecondInsertOfOneInstanceLosesWithConcurrencyException()
    {
        var counterId = await CreateAsync();
        await using var session = new DbSession(DataSource);

        await Assert.ThrowsAsync<ConcurrencyException>(() =>
            Store(session).InsertAsync(new CounterState { CorrelationId = counterId, Count = 5 }, default)
        );
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

    // Two units of work that loaded the same version; the winner has written Count = 10 and not
    // yet committed, the loser still holds its stale copy.
    private async Task<Rivals> RivalsAsync()
    {
        var counterId = await CreateAsync();
        var winner = new DbSession(DataSource);
        var loser = new DbSession(DataSource);
        var winnerStore = Store(winner);
        var loserStore = Store(loser);
        var winnerCopy = (await winnerStore.LoadAsync(counterId, default))!;
        var loserCopy = (await loserStore.LoadAsync(counterId, default))!;
        winnerCopy.Count = 10;
        await winnerStore.UpdateAsync(winnerCopy, default);
        return new Rivals(counterId, winner, loser, loserStore, loserCopy);
    }

    private sealed record Rivals(
        Guid CounterId,
        DbSession Winner,
        DbSession Loser,
        NpgsqlSagaStore<CounterState> LoserStore,
        CounterState LoserCopy
    ) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Winner.DisposeAsync();
            await Loser.DisposeAsync();
        }
    }

    private async Task<Guid> CreateAsync()
    {
        var counterId = Guid.NewGuid();
        await using var session = new DbSession(DataSource);
        await Store(session)
            .InsertAsync(new CounterState { CorrelationId = counterId, CurrentState = "Counting" }, default);
        await session.CommitAsync();
        return counterId;
    }

    private async Task<(int Count, int Version)> ReadAsync(Guid counterId)
    {
        await using var command = DataSource.CreateCommand(
            "SELECT (data->>'Count')::int, version FROM saga_instance WHERE correlation_id = $1"
        );
        command.Parameters.Add(new() { Value = counterId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "The instance is gone.");
        return (reader.GetInt32(0), reader.GetInt32(1));
    }
}
