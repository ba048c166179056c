namespace Habatan.Notifications.Email;

public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "はばタン事務局 <no-reply@habatan.example.jp>";

    // Connections to the SMTP server, and so sends in flight, at most.
    public int MaxConcurrentSends { get; set; } = 4;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    // A pooled connection idle for longer is checked (NOOP) before use: servers drop idle
    // sessions, and a send on a dropped one would fail for nothing.
    public TimeSpan IdleCheckAfter { get; set; } = TimeSpan.FromSeconds(30);
}
