using System.Collections.Concurrent;
using System.Diagnostics;

namespace Habatan.Notifications.Tests.Support;

// Records the tags, events and names of every span started in this process: what a trace
// exporter would send.
public sealed class CapturingActivityListener : IDisposable
{
    private readonly ConcurrentQueue<string> _texts = new();
    private readonly ActivityListener _listener;

    public CapturingActivityListener()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyCollection<string> Texts => _texts.ToArray();

    public void Dispose() => _listener.Dispose();

    private void Record(Activity activity)
    {
        _texts.Enqueue(
            $"{activity.Source.Name} {activity.OperationName} {activity.DisplayName} {activity.StatusDescription}"
        );
        foreach (var (key, value) in activity.TagObjects)
            _texts.Enqueue($"{key}={value}");
        foreach (var activityEvent in activity.Events)
        {
            _texts.Enqueue(activityEvent.Name);
            foreach (var (key, value) in activityEvent.Tags)
                _texts.Enqueue($"{key}={value}");
        }
        foreach (var (key, value) in activity.Baggage)
            _texts.Enqueue($"{key}={value}");
    }
}
