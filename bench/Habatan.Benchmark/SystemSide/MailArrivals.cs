namespace Habatan.Benchmark.SystemSide;

// Where the benchmark counts the mails that arrived: the counting sink (what a relay would
// accept) or smtp4dev (what the development sink stores).
internal interface IMailArrivals
{
    string Name { get; }

    Task ResetAsync();

    Task<long> CountAsync();
}

internal sealed class CountingSinkArrivals(CountingSmtpSink sink) : IMailArrivals
{
    public string Name => "counting sink";

    public Task ResetAsync()
    {
        sink.ResetCount();
        return Task.CompletedTask;
    }

    public Task<long> CountAsync() => Task.FromResult(sink.Counted);
}

internal sealed class DevSinkArrivals(MailSinkClient smtp4dev) : IMailArrivals
{
    public string Name => "smtp4dev";

    public Task ResetAsync() => smtp4dev.DeleteAllAsync();

    public async Task<long> CountAsync() => await smtp4dev.CountAsync();
}
