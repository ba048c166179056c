using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;

namespace Habatan.Benchmark.SystemSide;

// What a production relay is to Notifications, for the benchmark: the tests' SMTP relay (the
// SmtpServer package), which accepts every mail at once. smtp4dev stores and indexes each mail
// (105–215 mails/s here), so through it the fan-out would measure the development sink and the
// 9:00 sign-ins would run at its pace. The relay takes two kinds of mail itself and forwards
// the rest (the reminder's test send, the ops accounts' codes) to smtp4dev:
// - mails whose subject carries Marker (the reminder's, the MailKit loop's): counted, dropped;
// - sign-in code mails to the generated accounts (AccountDomain): the code is kept in memory
//   for that account's sign-in to read, as a member reads it on a phone.
// The AppHost is pointed at it with --Infrastructure:MailRelay, configuration as a real relay
// would be: the mail goes the whole SMTP path and no service knows the difference.
internal sealed class BenchRelay : IAsyncDisposable
{
    // In the subject of every mail the benchmark wants counted and dropped.
    public const string Marker = "[bench]";

    // The generated members' addresses (Data/Applicants, Data/MemberFiles); not the ops accounts'.
    public const string AccountDomain = "@bench.habatan.example";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _codes = new(
        StringComparer.OrdinalIgnoreCase
    );
    private SmtpRelay _relay = null!;
    private long _counted;
    private long _codesRead;
    private long _faults;

    private BenchRelay() { }

    public static async Task<BenchRelay> StartAsync(int devMailPort)
    {
        var bench = new BenchRelay();
        bench._relay = await SmtpRelay.StartAsync(forwardToPort: devMailPort, take: bench.Take, noDelay: true);
        return bench;
    }

    public Uri Address => new(_relay.ConnectionString);

    // Mails with the marker accepted since the last reset.
    public long Counted => Interlocked.Read(ref _counted);

    // Sign-in codes the relay took for the generated accounts.
    public long CodesRead => Interlocked.Read(ref _codesRead);

    // Mails the hook could not take (it threw): the relay then answers 554 to the sender.
    public long Faults => Interlocked.Read(ref _faults);

    public void ResetCount() => Interlocked.Exchange(ref _counted, 0);

    // The code in the next sign-in mail to this generated account, whether it arrived before
    // the call or arrives within the patience.
    public async Task<string> NextCodeAsync(string email, TimeSpan patience, CancellationToken cancellationToken)
    {
        var waiting = Waiting(email);
        try
        {
            return await waiting.Task.WaitAsync(patience, cancellationToken);
        }
        finally
        {
            _codes.TryRemove(KeyValuePair.Create(email, waiting));
        }
    }

    public ValueTask DisposeAsync() => _relay.DisposeAsync();

    private TaskCompletionSource<string> Waiting(string email) =>
        _codes.GetOrAdd(
            email,
            _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)
        );

    private bool Take(IReadOnlyList<string> to, ReadOnlySequence<byte> content)
    {
        try
        {
            return TakeMarkedOrCode(to, content);
        }
        catch
        {
            Interlocked.Increment(ref _faults);
            throw;
        }
    }

    private bool TakeMarkedOrCode(IReadOnlyList<string> to, ReadOnlySequence<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        var headers = HeaderList.Load(stream);
        if (headers[HeaderId.Subject]?.Contains(Marker, StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref _counted);
            return true;
        }
        if (to is not [var account] || !account.EndsWith(AccountDomain, StringComparison.OrdinalIgnoreCase))
            return false;
        stream.Position = 0;
        var code = GatewaySignIn.CodeIn(MimeMessage.Load(stream).TextBody ?? "");
        if (code.Length == 0)
            return false;
        Waiting(account).TrySetResult(code);
        Interlocked.Increment(ref _codesRead);
        return true;
    }
}
