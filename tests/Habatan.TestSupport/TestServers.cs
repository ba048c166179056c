namespace Habatan.TestSupport;

// The real servers a service test collection runs on, started side by side. A start that fails
// half-way stops whatever did start, so no PostgreSQL or Erlang VM outlives a red fixture.
public sealed class TestServers : IAsyncDisposable
{
    private TestServers(PostgresServer postgres, RabbitMqServer rabbitMq, MailSinkServer? mailSink)
    {
        Postgres = postgres;
        RabbitMq = rabbitMq;
        _mailSink = mailSink;
    }

    private readonly MailSinkServer? _mailSink;

    public PostgresServer Postgres { get; }

    public RabbitMqServer RabbitMq { get; }

    public MailSinkServer MailSink =>
        _mailSink ?? throw new InvalidOperationException("These servers were started without a mail sink.");

    // `rabbitMq` starts a broker with other credentials or a virtual host; guest on "/" otherwise.
    public static async Task<TestServers> StartAsync(
        bool withMailSink = false,
        Func<Task<RabbitMqServer>>? rabbitMq = null
    )
    {
        var postgres = PostgresServer.StartAsync();
        var broker = rabbitMq is null ? RabbitMqServer.StartNewAsync() : rabbitMq();
        var mailSink = withMailSink ? MailSinkServer.StartAsync() : Task.FromResult<MailSinkServer>(null!);
        try
        {
            await Task.WhenAll(postgres, broker, mailSink);
            return new TestServers(postgres.Result, broker.Result, mailSink.Result);
        }
        catch
        {
            if (mailSink.IsCompletedSuccessfully && mailSink.Result is { } sink)
                await sink.DisposeAsync();
            if (broker.IsCompletedSuccessfully)
                await broker.Result.DisposeAsync();
            if (postgres.IsCompletedSuccessfully)
                await postgres.Result.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_mailSink is not null)
            await _mailSink.DisposeAsync();
        await RabbitMq.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
