using System.Collections.Concurrent;
using System.Diagnostics;
using Habatan.Notifications.Email;

namespace Habatan.Notifications.Tests.Email;

// A mail sent alone (a sign-in code) is a span of its own; a mail of a traced batch (a reminder's
// fan-out) is counted in the batch's span instead of costing a span per recipient.
public sealed class SendSpanTests : IAsyncLifetime
{
    private const string TestSourceName = "Habatan.Tests.SendSpans";
    private readonly ActivitySource _testSource = new(TestSourceName);
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener _listener = null!;
    private SmtpRelay _relay = null!;
    private StandaloneEmailSender _standalone = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            // By name: reading EmailTelemetry.Source here would create it inside the listener's
            // own registration, which then never listens to it.
            ShouldListenTo = source => source.Name is TestSourceName or EmailTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _relay = await SmtpRelay.StartAsync();
        _standalone = new StandaloneEmailSender(_relay.ConnectionString, TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _standalone.DisposeAsync();
        await _relay.DisposeAsync();
        _listener.Dispose();
        _testSource.Dispose();
    }

    [Fact]
    public async Task OnlyAMailSentAloneHasASpanOfItsOwn()
    {
        var alone = Mail();
        var inBatch = Mail() with { TracedAlone = false };

        ActivityTraceId trace;
        using (var test = _testSource.StartActivity("test")!)
        {
            trace = test.TraceId;
            await SendAsync(alone);
            await SendAsync(inBatch);
            await SendAsync(inBatch with { To = NewAddress() });
        }

        Assert.Equal((1, 1, 1), (_relay.Arrived(alone.To), _relay.Arrived(inBatch.To), SendSpans(trace)));
    }

    private int SendSpans(ActivityTraceId trace) =>
        _stopped.Count(a => a.TraceId == trace && a.OperationName == "smtp send");

    private async Task SendAsync(EmailMessage mail)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _standalone.Sender.SendAsync(mail, timeout.Token);
    }

    private static EmailMessage Mail() => new("test", NewAddress(), "件名", "本文");

    private static string NewAddress() => $"span-{Guid.NewGuid():N}@example.com";
}
