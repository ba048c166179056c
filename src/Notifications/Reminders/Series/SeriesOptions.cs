namespace Habatan.Notifications.Reminders.Series;

public sealed class SeriesOptions
{
    public const string Section = "Reminders:Series";

    // A step opens this long before it sends: its audience is resolved then, and the day's
    // declared count and the second person's approval happen in between (18:00 JST sends open
    // at 09:00 JST).
    public TimeSpan Lead { get; set; } = TimeSpan.FromHours(9);

    // How often the scheduler looks for steps to open and windows that closed.
    public TimeSpan Poll { get; set; } = TimeSpan.FromSeconds(30);
}
