namespace Habatan.Benchmark.SystemSide;

// Where the benchmark counts the mails that arrived: its relay (what a production relay would
// accept) or smtp4dev (what the development sink stores).
internal interface IMailArrivals
{
    string Name { get; }

    Task ResetAsync();

    Task<long> CountAsync();
}

internal sealed class RelayArrivals(BenchRelay relay) : IMailArrivals
{
    public string Name => "bench relay";

    public Task ResetAsync()
    {
        relay.ResetCount();
        return Task.CompletedTask;
    }

    public Task<long> CountAsync() => Task.FromResult(relay.Counted);
}

internal sealed class DevSinkArrivals(MailSinkClient smtp4dev) : IMailArrivals
{
    public string Name => "smtp4dev";

    public Task ResetAsync() => smtp4dev.DeleteAllAsync();

    public async Task<long> CountAsync() => await smtp4dev.CountAsync();
}
