using System.Reflection;

namespace Habatan.Infrastructure.Migrations;

public static class MigrationExtensions
{
    // Applies the shared messaging tables, then the service's own scripts. Runs before the
    // service accepts traffic, so no request ever meets an old schema.
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, string serviceName, Assembly serviceAssembly, CancellationToken cancellationToken = default)
    {
        var runner = ActivatorUtilities.CreateInstance<MigrationRunner>(services);
        var migrations = Migration.FromAssembly(typeof(MigrationRunner).Assembly, "messaging")
            .Concat(Migration.FromAssembly(serviceAssembly, serviceName));
        await runner.ApplyAsync(migrations, cancellationToken);
    }
}
