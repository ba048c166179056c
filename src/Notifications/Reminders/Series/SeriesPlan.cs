namespace Habatan.Notifications.Reminders.Series;

// Body of POST /api/notifications/ops/reminder-series: the reminder's text and audience once,
// and when its steps send: days before the deadline at a time of day in Japan (SendAtJst,
// "18:00" by default), or explicit instants (SendAt). No declared count: each step's is entered
// on its own day, from that day's independent figure.
public sealed record PlanSeriesRequest(
    string? Name,
    string? Audience,
    string? CampaignCode,
    string? Subject,
    string? Body,
    IReadOnlyList<string>? Channels,
    int? MessagesPerSecond,
    IReadOnlyList<string>? SeedList,
    string? CampaignTitle,
    DateOnly? Deadline,
    IReadOnlyList<int>? DaysBefore,
    TimeOnly? SendAtJst,
    IReadOnlyList<DateTimeOffset>? SendAt,
    int? WindowHours
);

public sealed record SeriesStep(int Step, DateTimeOffset OpensAt, DateTimeOffset SendFrom, DateTimeOffset SendUntil);

// When each step opens, sends and expires. Pure: the caller passes "now" from its TimeProvider.
public static class SeriesPlan
{
    public const int MaxSteps = 10;
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    public static List<SeriesStep> Steps(PlanSeriesRequest request, TimeSpan lead, DateTimeOffset now)
    {
        var window = TimeSpan.FromHours(request.WindowHours ?? 3);
        var sendTimes =
            request.SendAt is { Count: > 0 } explicitTimes ? [.. explicitTimes.Select(t => t.ToUniversalTime())]
            : request.Deadline is { } deadline && request.DaysBefore is { Count: > 0 } days
                ? days.OrderDescending()
                    .Select(d => new DateTimeOffset(
                        deadline.AddDays(-d).ToDateTime(request.SendAtJst ?? new(18, 0)),
                        Jst
                    ))
                    .Select(t => t.ToUniversalTime())
                    .ToList()
            : new List<DateTimeOffset>();
        // A step opens `lead` before it sends (the day's reconciliation and approval), but
        // never before the series is planned.
        return
        [
            .. sendTimes
                .Order()
                .Select((sendFrom, i) => new SeriesStep(i + 1, Max(sendFrom - lead, now), sendFrom, sendFrom + window)),
        ];
    }

    public static Dictionary<string, string[]> Check(
        PlanSeriesRequest request,
        List<SeriesStep> steps,
        DateTimeOffset now
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (steps.Count is 0 or > MaxSteps)
            errors["steps"] =
            [
                $"送信日時を1〜{MaxSteps}件、期限（deadline）と何日前（daysBefore）か、送"
                    + $"信日時（sendAt）で指定してください。",
            ];
        else if (steps.Any(s => s.SendFrom <= now))
            errors["steps"] = ["送信日時はすべて未来の日時にしてください。"];
        else if (steps.Select(s => s.SendFrom).Distinct().Count() != steps.Count)
            errors["steps"] = ["同じ送信日時が複数あります。"];
        if (request.WindowHours is < 1 or > 24)
            errors["windowHours"] = ["送信期間（時間）は1〜24で指定してください。"];
        return errors;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
