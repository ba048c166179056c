namespace Habatan.Infrastructure.Data;

// Reads in the unit of work's transaction, with positional parameters ($1, $2, ...), so each
// query is its SQL and how one row becomes a value.
public static class SessionQueries
{
    public static async Task<List<T>> QueryAsync<T>(
        this DbSession session,
        string sql,
        Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken,
        params object?[] values
    )
    {
        await using var command = await session.CommandAsync(sql, cancellationToken);
        foreach (var value in values)
            command.Parameters.Add(
                value is TypedNull typed
                    ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = typed.Type }
                    : new NpgsqlParameter { Value = value ?? DBNull.Value }
            );
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(read(reader));
        return rows;
    }

    public static async Task<T?> QuerySingleAsync<T>(
        this DbSession session,
        string sql,
        Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken,
        params object?[] values
    )
        where T : class => (await session.QueryAsync(sql, read, cancellationToken, values)).SingleOrDefault();

    // A text parameter that may be null: "$2::text IS NULL OR ..." needs its type even when empty.
    public static object NullableText(string? value) => (object?)value ?? new TypedNull(NpgsqlTypes.NpgsqlDbType.Text);

    private sealed record TypedNull(NpgsqlTypes.NpgsqlDbType Type);
}
