using System.Globalization;
using System.Text.RegularExpressions;

namespace Habatan.Notifications.Reminders;

// Subject and body may name only reminder-wide values, the same for every recipient: no
// placeholder can pull a name, an address or an amount into a mass mail. Anything in braces that
// is not one of these is refused at creation, with the list of what is allowed.
public static partial class ReminderTemplate
{
    public const string CampaignTitle = "キャンペーン名";
    public const string Deadline = "期限";

    public static readonly IReadOnlyList<string> Allowed = [CampaignTitle, Deadline];

    public static IReadOnlyList<string> UnknownPlaceholders(string template) =>
        [
            .. Placeholder()
                .Matches(template)
                .Select(m => m.Groups[1].Value)
                .Where(name => !Allowed.Contains(name))
                .Distinct(),
        ];

    public static bool Uses(string template, string name) => template.Contains($"{{{name}}}", StringComparison.Ordinal);

    public static string Render(string template, string? campaignTitle, DateOnly? deadline) =>
        template
            .Replace($"{{{CampaignTitle}}}", campaignTitle ?? "", StringComparison.Ordinal)
            .Replace(
                $"{{{Deadline}}}",
                deadline?.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) ?? "",
                StringComparison.Ordinal
            );

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Placeholder();
}
