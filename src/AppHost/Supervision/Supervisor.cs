using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Habatan.AppHost.Supervision;

// The AppHost's own process supervisor: DCP does not restart an executable or a project that
// exits, so a service replica or the broker killed with -9 would stay down until a person
// noticed. In Kubernetes the platform does this (restartPolicy, liveness probes); here this does.
// A process that went from Running straight to a terminal state died on its own and is
// restarted; one stopped from the dashboard passes through Stopping first and stays stopped.
// Runs once, in the AppHost, which is the only one that can start a resource.
internal sealed partial class Supervisor(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    IOptions<SupervisionOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<Supervisor> logger
) : BackgroundService
{
    private readonly ConcurrentDictionary<string, string?> _lastState = new();
    private readonly ConcurrentDictionary<string, RestartBudget> _budgets = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (!update.Resource.IsSupervised())
                    continue;
                var state = update.Snapshot.State?.Text;
                var previous = _lastState.GetValueOrDefault(update.ResourceId);
                _lastState[update.ResourceId] = state;
                if (DiedOnItsOwn(previous, state) && !lifetime.ApplicationStopping.IsCancellationRequested)
                    _ = RestartAsync(update.ResourceId, update.Snapshot.ExitCode, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private static bool DiedOnItsOwn(string? previous, string? state) =>
        previous == KnownResourceStates.Running
        && (
            state == KnownResourceStates.Exited
            || state == KnownResourceStates.Finished
            || state == KnownResourceStates.FailedToStart
        );

    private async Task RestartAsync(string resourceId, int? exitCode, CancellationToken stoppingToken)
    {
        var budget = _budgets.GetOrAdd(resourceId, _ => new RestartBudget(options.Value, time));
        if (budget.NextBackoff() is not { } backoff)
        {
            LogGaveUp(logger, resourceId, exitCode, budget.Used, options.Value.Window);
            return;
        }
        LogRestarting(logger, resourceId, exitCode, backoff);
        try
        {
            await Task.Delay(backoff, time, stoppingToken);
            var result = await commands.ExecuteCommandAsync(
                resourceId,
                KnownResourceCommands.StartCommand,
                stoppingToken
            );
            if (!result.Success)
                LogRestartFailed(logger, resourceId, result.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception ex)
        {
            // Whatever went wrong with one restart, the supervisor goes on watching the others.
            LogRestartError(logger, resourceId, ex);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Resource} exited on its own (exit code {ExitCode}); restarting it in {Backoff}."
    )]
    private static partial void LogRestarting(ILogger logger, string resource, int? exitCode, TimeSpan backoff);

    [LoggerMessage(
        Level = LogLevel.Critical,
        Message = "{Resource} exited (exit code {ExitCode}) after {Restarts} restarts within {Window}; "
            + "left down for a person to look at its log."
    )]
    private static partial void LogGaveUp(
        ILogger logger,
        string resource,
        int? exitCode,
        int restarts,
        TimeSpan window
    );

    [LoggerMessage(Level = LogLevel.Error, Message = "Restarting {Resource} failed: {Reason}")]
    private static partial void LogRestartFailed(ILogger logger, string resource, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Restarting {Resource} failed.")]
    private static partial void LogRestartError(ILogger logger, string resource, Exception exception);
}
