namespace Habatan.Benchmark.Scenarios;

// Why a system-side figure is missing: the part being measured has not been merged yet. The
// line says so in the table and the JSON instead of carrying a number.
internal static class NotLanded
{
    public const string Submissions = "Applications' submission API (#4) is not on main yet";
    public const string MyPage = "Applications' My Page API (#4) is not on main yet";
    public const string Import = "Members' ops import endpoint (#5) is not on main yet";
    public const string Audience = "Members' audience resolution (#5) is not on main yet";
    public const string FanOut = "Notifications' reminders (#6) are not on main yet";
}
