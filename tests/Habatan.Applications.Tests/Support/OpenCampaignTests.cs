namespace Habatan.Applications.Tests.Support;

// For test classes that all work in one open campaign of their own, with ops staff at hand.
public abstract class OpenCampaignTests(ServersFixture servers) : IAsyncLifetime
{
    protected ServersFixture Servers => servers;
    protected ApplicationsService Service => servers.Service;
    protected Ops Ops { get; private set; } = null!;
    protected string Code { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Ops = new Ops(Service);
        Code = await Ops.OpenCampaignAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
