using Habatan.Contracts.Audiences;
using Habatan.Contracts.Campaigns;
using Habatan.Notifications.FanOut;
using Habatan.ServiceDefaults.Input;

namespace Habatan.Notifications.Reminders;

public sealed record NewReminder(
    string Name,
    string Audience,
    string CampaignCode,
    string Subject,
    string Body,
    string[] Channels,
    int DeclaredCount,
    DateTimeOffset SendFrom,
    DateTimeOffset SendUntil,
    int MessagesPerSecond,
    string[] SeedList,
    string[]? MemberIds = null
);

// Checks a create request field by field and says, per field, what to change.
public static class ReminderValidation
{
    private static readonly HashSet<string> KnownAudiences = new(StringComparer.Ordinal)
    {
        AudienceNames.WonNotFullyCharged,
        AudienceNames.ChargedWithBalance,
        AudienceNames.ListedMembers,
    };

    public static Dictionary<string, string[]> Validate(
        CreateReminderRequest request,
        string campaignCode,
        int defaultRate,
        out NewReminder? reminder
    )
    {
        var errors = new Dictionary<string, string[]>();
        reminder = null;
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            errors["name"] = ["名称を200文字以内で入力してください。"];
        if (request.Audience is null || !KnownAudiences.Contains(request.Audience))
            errors["audience"] = [$"対象者の条件は次のいずれかを指定してください: {string.Join(", ", KnownAudiences)}"];
        // The code must be spelt exactly as Members stores entitlements (one rule for every
        // service); another spelling would resolve to nobody, or to a different campaign.
        if (string.IsNullOrWhiteSpace(campaignCode))
            errors["campaignCode"] = ["対象キャンペーンのコードを入力してください。"];
        else if (!CampaignCode.IsValid(campaignCode))
            errors["campaignCode"] = [CampaignCode.Rule];
        ValidateTemplate(errors, "subject", request.Subject, 200, request);
        ValidateTemplate(errors, "body", request.Body, 10000, request);
        var channels = (request.Channels ?? []).Distinct(StringComparer.Ordinal).ToArray();
        if (channels.Length == 0 || channels.Any(c => !DeliveryChannels.All.Contains(c)))
            errors["channels"] = ["配信チャネルは email と inbox から1つ以上選んでください。"];
        if (request.DeclaredCount is not > 0)
            errors["declaredCount"] = ["申告件数（県など独立した出典の対象者数）を1以上の整数で入力してください。"];
        if (request.SendFrom is null || request.SendUntil is null || request.SendUntil <= request.SendFrom)
            errors["sendWindow"] = ["配信期間の開始と終了を指定し、終了は開始より後にしてください。"];
        var rate = request.MessagesPerSecond ?? defaultRate;
        if (rate is < 1 or > 10000)
            errors["messagesPerSecond"] = ["毎秒の送信数は1〜10000で指定してください。"];
        var seeds = (request.SeedList ?? [])
            .Select(s => s?.Trim() ?? "")
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        // The one address rule of every service; an invisible character is named as such.
        if (seeds.Length is 0 or > 20)
            errors["seedList"] = ["テスト送信先のメールアドレスを1〜20件、正しい形式で入力してください。"];
        else if (seeds.Select(s => EmailAddress.Parse(s, out _)).FirstOrDefault(r => r is not null) is { } refused)
            errors["seedList"] = [refused];
        var memberIds = ListedMembers.Check(errors, request.Audience, request.MemberIds);
        if (errors.Count > 0)
            return errors;

        reminder = new NewReminder(
            request.Name!.Trim(),
            request.Audience!,
            campaignCode,
            ReminderTemplate.Render(request.Subject!, request.CampaignTitle, request.Deadline),
            ReminderTemplate.Render(request.Body!, request.CampaignTitle, request.Deadline),
            channels,
            request.DeclaredCount!.Value,
            // timestamptz takes UTC only; a window given in Japan time (+09:00) is the same instant.
            request.SendFrom!.Value.ToUniversalTime(),
            request.SendUntil!.Value.ToUniversalTime(),
            rate,
            seeds,
            memberIds
        );
        return errors;
    }

    private static void ValidateTemplate(
        Dictionary<string, string[]> errors,
        string field,
        string? template,
        int maxLength,
        CreateReminderRequest request
    )
    {
        if (string.IsNullOrWhiteSpace(template) || template.Length > maxLength)
        {
            errors[field] = [$"{maxLength}文字以内で入力してください。"];
            return;
        }
        var unknown = ReminderTemplate.UnknownPlaceholders(template);
        if (unknown.Count > 0)
        {
            errors[field] =
            [
                $"使用できない差し込み項目があります: {string.Join("、",
                unknown.Select(u => $"{{{u}}}"))}。使えるのは {string.Join("、",
                ReminderTemplate.Allowed.Select(a => $"{{{a}}}"))} だけです（個人に関する項目は差し込めません）。",
            ];
            return;
        }
        if (
            ReminderTemplate.Uses(template, ReminderTemplate.CampaignTitle)
            && string.IsNullOrWhiteSpace(request.CampaignTitle)
        )
            errors["campaignTitle"] =
            [
                $"{{{ReminderTemplate.CampaignTitle}}} を使う場合は campaignTitle を入力してください。",
            ];
        if (ReminderTemplate.Uses(template, ReminderTemplate.Deadline) && request.Deadline is null)
            errors["deadline"] = [$"{{{ReminderTemplate.Deadline}}} を使う場合は deadline（日付）を入力してください。"];
    }
}
