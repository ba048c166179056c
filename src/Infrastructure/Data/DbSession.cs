namespace Habatan.Infrastructure.Data;

// One connection and one transaction per unit of work (an HTTP request or a consumed message).
// Everything the unit of work does, its state change, its inbox row and its outbox rows, goes
// through this transaction, so they commit together or not at all.
public sealed class DbSession(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

    public bool HasTransaction => _transaction is not null;

    // Npgsql gives every command 30 s. A unit of work whose statements span a whole audience or a
    // whole file sets its own, from named options sized for ten times today's data; it applies to
    // the commands it creates from then on.
    public TimeSpan? StatementTimeout { get; set; }

    public event Action? Committed;

    public async ValueTask<NpgsqlTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        if (_transaction is not null)
            return _transaction;
        _connection ??= await dataSource.OpenConnectionAsync(cancellationToken);
        _transaction = await _connection.BeginTransactionAsync(cancellationToken);
        return _transaction;
    }

    public async ValueTask<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken = default)
    {
        var transaction = await BeginAsync(cancellationToken);
        var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        if (StatementTimeout is { } timeout)
            command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        return command;
    }

    // A statement with positional parameters ($1, $2, ...) in the unit of work's transaction.
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = await CommandAsync(sql, cancellationToken);
        foreach (var value in values)
            command.Parameters.Add(new() { Value = value ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_transaction is null)
            return;
        await _transaction.CommitAsync(cancellationToken);
        await _transaction.DisposeAsync();
        _transaction = null;
        Committed?.Invoke();
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (_transaction is null)
            return;
        await _transaction.RollbackAsync(cancellationToken);
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    public async ValueTask DisposeAsync()
    {
        // An uncommitted transaction is rolled back by disposing it: nothing half-done survives.
        if (_transaction is not null)
            await _transaction.DisposeAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
    }
}
