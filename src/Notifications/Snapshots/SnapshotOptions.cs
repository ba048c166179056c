namespace Habatan.Notifications.Snapshots;

// Bound from "Snapshots".
public sealed class SnapshotOptions
{
    public const string Section = "Snapshots";

    // Each statement over a whole snapshot: reading it back to check count and digest, deriving a
    // correction's audience, planning the deliveries on approval, a reminder's report. Planning
    // 220,000 recipients took under 3 s (docs/benchmark.md); ten times that, on a busy machine,
    // stays far inside five minutes.
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
