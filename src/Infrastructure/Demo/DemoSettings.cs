using Microsoft.Extensions.Configuration;

namespace Habatan.Infrastructure.Demo;

// What ./run.sh hands every service through the AppHost for a first click-through (tests never
// set it): "Demo:Enabled", and "Demo:Applicants" = "email=publicId;..." for the demo applicants.
// Members owns members and their random public ids, Applications owns applications; no message
// carries a member's id and address, so the AppHost, which already hands both services the
// token keys, hands them the same per-installation random ids too.
public static class DemoSettings
{
    public const string EnabledKey = "Demo:Enabled";
    public const string ApplicantsKey = "Demo:Applicants";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(EnabledKey, false);

    // Keyed by the address as written, compared without regard to case.
    public static IReadOnlyDictionary<string, string> Applicants(IConfiguration configuration)
    {
        var applicants = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (
            var entry in (configuration[ApplicantsKey] ?? "").Split(
                ';',
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
            )
        )
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
                applicants[parts[0]] = parts[1];
        }
        return applicants;
    }
}
