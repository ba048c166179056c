using System.Reflection;

namespace Habatan.Infrastructure.Migrations;

public static class MigrationExtensions
{
    // Applies the shared messaging tables, then the service's own scripts.
    public static async Task MigrateDatabaseAsync(
        this IServiceProvider services,
        string serviceName,
        Assembly serviceAssembly,
        CancellationToken cancellationToken = default
    )
    {
        var runner = ActivatorUtilities.CreateInstance<MigrationRunner>(services);
        await runner.ApplyAsync(MigrationsOf(serviceName, serviceAssembly), cancellationToken);
    }

    // The scripts this build needs that the database has not had yet.
    public static async Task<IReadOnlyList<Migration>> FindMissingMigrationsAsync(
        this IServiceProvider services,
        string serviceName,
        Assembly serviceAssembly,
        CancellationToken cancellationToken = default
    )
    {
        var runner = ActivatorUtilities.CreateInstance<MigrationRunner>(services);
        return await runner.FindMissingAsync(MigrationsOf(serviceName, serviceAssembly), cancellationToken);
    }

    private static IEnumerable<Migration> MigrationsOf(string serviceName, Assembly serviceAssembly) =>
        Migration
            .FromAssembly(typeof(MigrationRunner).Assembly, "messaging")
            .Concat(Migration.FromAssembly(serviceAssembly, serviceName));
}
