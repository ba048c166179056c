using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Habatan.Infrastructure.Migrations;

// What a service does with its schema before it takes traffic: migrate and exit (the migration
// Job), migrate and go on (development), or check and refuse to start against a schema older
// than the build needs, instead of every replica of a rollout migrating at once.
internal static partial class SchemaStartup
{
    // Exits the process when it should not go on to serve: an exit code is what a Job and a
    // crash-looping pod report, and the services' Program.cs stays a table of contents.
    public static async Task PrepareSchemaAsync(this WebApplication app, string serviceName, Assembly serviceAssembly)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Habatan.Migrations");
        var options = app.Configuration.GetSection(MigrationOptions.Section).Get<MigrationOptions>() ?? new();

        if (Environment.GetCommandLineArgs().Contains(MigrationOptions.MigrateOnlyArgument, StringComparer.Ordinal))
        {
            await app.Services.MigrateDatabaseAsync(serviceName, serviceAssembly);
            LogMigrated(logger, serviceName);
            await ExitAsync(app, 0);
        }

        if (options.ApplyAtStart)
        {
            await app.Services.MigrateDatabaseAsync(serviceName, serviceAssembly);
            return;
        }

        var missing = await app.Services.FindMissingMigrationsAsync(serviceName, serviceAssembly);
        if (missing.Count == 0)
            return;
        LogSchemaTooOld(logger, serviceName, string.Join(", ", missing), MigrationOptions.MigrateOnlyArgument);
        await ExitAsync(app, 3);
    }

    private static async Task ExitAsync(WebApplication app, int exitCode)
    {
        // Disposing the host flushes the loggers, so the line above is not lost.
        await app.DisposeAsync();
        Environment.Exit(exitCode);
    }

    [LoggerMessage(LogLevel.Information, "Schema of {Service} is up to date; exiting (migrate only)")]
    private static partial void LogMigrated(ILogger logger, string service);

    [LoggerMessage(
        LogLevel.Critical,
        "Refusing to start: the database of {Service} lacks migrations {Missing}. "
            + "Run the migration job (the same image with {Argument}) before rolling out this version"
    )]
    private static partial void LogSchemaTooOld(ILogger logger, string service, string missing, string argument);
}
