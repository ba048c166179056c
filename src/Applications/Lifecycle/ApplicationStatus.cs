namespace Habatan.Applications.Lifecycle;

// Stored by name. Invalid is a duplicate or otherwise void submission kept in the same table.
public enum ApplicationStatus
{
    Submitted,
    Accepted,
    NeedsCorrection,
    Corrected,
    Approved,
    Rejected,
    Invalid,
}

public static class ApplicationStatusLabels
{
    // The words My Page and the review screens show.
    public static string Label(ApplicationStatus status) =>
        status switch
        {
            ApplicationStatus.Submitted => "申請中",
            ApplicationStatus.Accepted => "受付済",
            ApplicationStatus.NeedsCorrection => "不備対応中",
            ApplicationStatus.Corrected => "修正済",
            ApplicationStatus.Approved => "審査完了",
            ApplicationStatus.Rejected => "非承認",
            ApplicationStatus.Invalid => "無効",
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };

    public static ApplicationStatus Parse(string stored) => Enum.Parse<ApplicationStatus>(stored);

    // By exact name only: "1" or "accepted" are not states.
    public static bool TryParseName(string? name, out ApplicationStatus status)
    {
        status = default;
        return name is { Length: > 0 }
            && name.All(char.IsAsciiLetter)
            && Enum.TryParse(name, ignoreCase: false, out status);
    }

    public static string Names => string.Join(", ", Enum.GetNames<ApplicationStatus>());
}
