using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Habatan.Infrastructure.Retention;

// Removes what is past its retention period, rule by rule, in batches. It runs once across
// replicas: each rule takes a PostgreSQL advisory lock (keyed by the rule's name) on a connection
// of its own for the whole run, and a replica that cannot take it skips the rule this time, since
// another replica is already deleting those rows.
public sealed partial class RetentionJob(
    NpgsqlDataSource dataSource,
    IEnumerable<RetentionRule> rules,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionJob> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    // Rows removed per rule; a rule another replica holds is left out.
    public async Task<Dictionary<string, int>> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var removed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var period = options.Value.Periods.GetValueOrDefault(rule.Name, rule.DefaultPeriod);
            if (await RunAsync(rule, (now - period).ToUniversalTime(), cancellationToken) is { } count)
                removed[rule.Name] = count;
        }
        return removed;
    }

    private async Task<int?> RunAsync(RetentionRule rule, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await LockAsync(connection, "pg_try_advisory_lock", rule, cancellationToken) is not true)
            return null;
        try
        {
            var total = 0;
            int batch;
            do
            {
                await using var delete = new NpgsqlCommand(rule.DeleteBatchSql, connection);
                delete.Parameters.Add(new() { Value = cutoff });
                delete.Parameters.Add(new() { Value = options.Value.BatchSize });
                batch = await delete.ExecuteNonQueryAsync(cancellationToken);
                total += batch;
            } while (batch > 0);
            if (total > 0)
                LogRemoved(logger, total, rule.Name, cutoff);
            return total;
        }
        finally
        {
            // Released here, not by closing: a pooled connection stays open, and so would its lock.
            if (connection.State == System.Data.ConnectionState.Open)
                await LockAsync(connection, "pg_advisory_unlock", rule, CancellationToken.None);
        }
    }

    private static async Task<object?> LockAsync(
        NpgsqlConnection connection,
        string function,
        RetentionRule rule,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(hashtextextended($1, 0))", connection);
        command.Parameters.Add(new() { Value = LockName(rule) });
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public static string LockName(RetentionRule rule) => $"retention:{rule.Name}";

    [LoggerMessage(LogLevel.Information, "Retention removed {Count} rows of {Rule} older than {Cutoff}")]
    private static partial void LogRemoved(ILogger logger, int count, string rule, DateTimeOffset cutoff);

    [LoggerMessage(LogLevel.Warning, "Retention failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

public static class RetentionExtensions
{
    public static IHostApplicationBuilder AddRetention(
        this IHostApplicationBuilder builder,
        params IEnumerable<RetentionRule> rules
    )
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration("Retention");
        foreach (var rule in rules)
            builder.Services.AddSingleton(rule);
        builder.Services.AddSingleton<RetentionJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());
        return builder;
    }
}
