using Microsoft.Extensions.Logging;

namespace Habatan.AppHost;

internal static partial class WhereThingsAre
{
    // Aspire prints the dashboard's login link itself; this adds the two other places a
    // newcomer looks for: the portal (through the gateway) and the mail sink's web UI.
    public static void PrintWhereThingsAre(this IDistributedApplicationBuilder builder)
    {
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>(
            (@event, _) =>
            {
                var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Habatan.AppHost");
                foreach (var resource in @event.Model.Resources.OfType<IResourceWithEndpoints>())
                {
                    foreach (
                        var endpoint in resource
                            .Annotations.OfType<EndpointAnnotation>()
                            .Where(e => e.UriScheme is "http" or "https")
                    )
                    {
                        var url = endpoint.AllocatedEndpoint?.UriString;
                        if (url is null)
                            continue;
                        if (resource.Name == "gateway")
                            LogPortal(logger, url);
                        if (resource.Name == "mailsink")
                            LogMailSink(logger, url);
                    }
                }
                return Task.CompletedTask;
            }
        );
    }

    [LoggerMessage(LogLevel.Information, "Portal (gateway): {Url}")]
    private static partial void LogPortal(ILogger logger, string url);

    [LoggerMessage(LogLevel.Information, "Mail sink web UI (smtp4dev): {Url}")]
    private static partial void LogMailSink(ILogger logger, string url);
}
