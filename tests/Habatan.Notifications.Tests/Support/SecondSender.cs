using Habatan.Notifications.Email;
using Habatan.Notifications.FanOut;
using Microsoft.Extensions.Options;

namespace Habatan.Notifications.Tests.Support;

// A second ReminderSender loop on the collection service's database and SMTP pool, as a second
// Notifications replica runs it, with fan-out options of its own; it counts what it sends. Its
// mails may take `slowSend` each, as on a slow SMTP server, so its batches outlast a lease.
public sealed class SecondSender : IEmailSender, IAsyncDisposable
{
    private readonly IEmailSender _inner;
    private readonly ReminderSender _sender;
    private readonly TimeSpan _slowSend;
    private int _sent;

    private SecondSender(NotificationsService service, FanOutOptions options, TimeSpan slowSend)
    {
        _slowSend = slowSend;
        _inner = service.Services.GetRequiredService<IEmailSender>();
        _sender = ActivatorUtilities.CreateInstance<ReminderSender>(
            service.Services,
            (IEmailSender)this,
            Options.Create(options)
        );
    }

    public int Sent => Volatile.Read(ref _sent);

    public static async Task<SecondSender> StartAsync(
        NotificationsService service,
        FanOutOptions options,
        TimeSpan slowSend = default
    )
    {
        var second = new SecondSender(service, options, slowSend);
        await second._sender.StartAsync(CancellationToken.None);
        return second;
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        if (_slowSend > TimeSpan.Zero)
            await Task.Delay(_slowSend, cancellationToken);
        await _inner.SendAsync(message, cancellationToken);
        Interlocked.Increment(ref _sent);
    }

    public async ValueTask DisposeAsync()
    {
        await _sender.StopAsync(CancellationToken.None);
        _sender.Dispose();
    }
}
