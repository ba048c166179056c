namespace Habatan.Infrastructure.Health;

public sealed class StuckEndpointsOptions
{
    public const string Section = "Messaging:StuckEndpoints";

    // Far beyond MassTransit's reconnect (attempts at most 30 s apart): an endpoint faulted this
    // long while others consume will not come back by itself.
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);
}
