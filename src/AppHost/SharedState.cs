using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Habatan.AppHost.Infrastructure;
using Habatan.AppHost.Supervision;
using Microsoft.Extensions.Configuration;

namespace Habatan.AppHost;

// Redis holds what the gateway replicas must agree on (rate-limit buckets). Nothing in it must
// survive a restart, so it keeps nothing on disk. Like the other servers: a container where an
// engine answers, Debian's redis-server as a plain process where none does. Nothing waits for
// it: without Redis each gateway replica limits on its own (docs/running-more-than-one.md).
internal static class SharedState
{
    // The same connection name as in external mode (ExternalServers) and in deploy/.
    public const string Name = ExternalServers.SharedStateConnectionName;

    public static IResourceBuilder<IResourceWithConnectionString> AddSharedState(
        this IDistributedApplicationBuilder builder
    )
    {
        var mode = builder.Configuration["Infrastructure:Mode"] ?? "auto";
        if (ContainerRuntime.ShouldUseContainers(mode))
            return Widen(builder.AddRedis(Name));

        // A port of its own per run unless one is configured, so two AppHosts never meet.
        var configured = builder.Configuration.GetValue("Infrastructure:RedisPort", 0);
        var port = configured > 0 ? configured : AnyFreePort();
        var dataDirectory = Path.GetFullPath(
            builder.Configuration["Infrastructure:DataDirectory"] ?? "../../.data/apphost",
            builder.AppHostDirectory
        );
        var workingDirectory = Directory.CreateDirectory(Path.Combine(dataDirectory, "redis")).FullName;
        var redis = builder
            .AddExecutable(
                "redis-server",
                "redis-server",
                workingDirectory,
                "--port",
                port.ToString(CultureInfo.InvariantCulture),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                // Its command line keeps naming the data folder, so a leftover process is found
                // by it like the other servers (redis-server would rewrite it otherwise).
                "--set-proc-title",
                "no",
                "--dir",
                workingDirectory
            )
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithRestartOnCrash();
        var endpoint = redis.GetEndpoint("tcp");
        return Widen(
            builder.AddConnectionString(
                Name,
                ReferenceExpression.Create(
                    $"{endpoint.Property(EndpointProperty.IPV4Host)}:{endpoint.Property(EndpointProperty.Port)}"
                )
            )
        );
    }

    private static int AnyFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static IResourceBuilder<IResourceWithConnectionString> Widen<T>(IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString => (IResourceBuilder<IResourceWithConnectionString>)builder;
}
