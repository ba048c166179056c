namespace Habatan.Infrastructure.Inbox;

public sealed class InboxOptions
{
    // A redelivery older than this is no longer recognised. The broker redelivers within
    // minutes; a week leaves room for a long outage and a replay from the outbox.
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
