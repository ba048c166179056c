using Habatan.Applications.Demo;
using Habatan.Applications.Extensions;
using Habatan.Infrastructure.Migrations;
using Microsoft.Extensions.Hosting;

namespace Habatan.Applications.Tests.Demo;

// The Applications service wired as Program.cs wires it (AddApplicationsServices), on a
// database of its own, started the way a start runs the seeder: migrations first, then the
// seeder's StartAsync, at the time the test sets. The bus is not started, so nothing competes
// with the collection's service for its queues; what the seeder publishes stays in the outbox,
// where a test reads it.
public sealed class DemoHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DemoHost(IHost host) => _host = host;

    public static async Task<DemoHost> StartAsync(
        string databaseConnectionString,
        Uri broker,
        bool enabled,
        IReadOnlyDictionary<string, string> applicants,
        TimeProvider time
    )
    {
        var builder = Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { EnvironmentName = Environments.Development }
        );
        builder.Configuration[$"ConnectionStrings:{ServiceName.Value}db"] = databaseConnectionString;
        builder.Configuration["ConnectionStrings:messaging"] = broker.ToString();
        using (var tokens = new TestTokens())
            builder.Configuration["Authentication:PublicKey"] = tokens.PublicKeyPem;
        builder.Configuration["Demo:Enabled"] = enabled ? "true" : "false";
        builder.Configuration["Demo:Applicants"] = string.Join(';', applicants.Select(a => $"{a.Key}={a.Value}"));
        builder.Services.AddRouting();
        builder.AddApplicationsServices();
        // The seeder's "today" is the test's, so the outcome never depends on the hour CI runs.
        builder.Services.AddSingleton(time);

        var host = builder.Build();
        await host.Services.MigrateDatabaseAsync(ServiceName.Value, typeof(ApplicationsDemoSeeder).Assembly);
        foreach (var seeder in host.Services.GetServices<IHostedService>().OfType<ApplicationsDemoSeeder>())
            await seeder.StartAsync(CancellationToken.None);
        return new DemoHost(host);
    }

    public ValueTask DisposeAsync()
    {
        _host.Dispose();
        return ValueTask.CompletedTask;
    }
}
