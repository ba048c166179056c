namespace Habatan.Infrastructure.Retention;

// Retention:Periods:<rule> = "d.hh:mm:ss" (e.g. "90.00:00:00"), how often the job looks, and how
// many rows one statement deletes (small batches never hold a table's locks for long).
public sealed class RetentionOptions
{
    public Dictionary<string, TimeSpan> Periods { get; set; } = new(StringComparer.Ordinal);

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public int BatchSize { get; set; } = 5000;
}
