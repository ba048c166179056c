namespace Habatan.AppHost.Supervision;

public sealed class SupervisionOptions
{
    public const string Section = "Supervision";

    // A process that keeps dying is left down (and says so) rather than restarted forever: after
    // this many restarts within Window, a person looks at its log.
    public int MaxRestarts { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    // The first restart waits this long, each further one twice as long, up to MaxBackoff: a
    // server's port or shared memory may take a moment to be released by the dead process.
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}
