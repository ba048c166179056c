using System.Text;
using Habatan.Notifications.FanOut;
using Habatan.Notifications.Reminders;
using Habatan.Notifications.Reports;

namespace Habatan.Notifications.Tests.Reminders;

// The rules that need no server: reconciliation, templates, the throttle and the CSV.
public sealed class ReminderRulesTests
{
    [Theory]
    [InlineData(24308, 217120, 198674, "上限")]
    [InlineData(24308, 217120, 1150000, "申告件数")]
    [InlineData(300, 299, 1000, "申告件数")]
    public void CountsThatDoNotReconcileAreRefused(int declared, int resolved, int bound, string reason)
    {
        var problem = Reconciliation.Check(declared, resolved, bound, null);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.Contains(
            resolved.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            problem,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void MatchingCountsWithinTheBoundReconcile() =>
        Assert.Null(Reconciliation.Check(24308, 24308, 198674, null));

    [Fact]
    public void SnapshotProblemWinsOverMatchingCounts() =>
        Assert.Equal("digest", Reconciliation.Check(10, 10, 10, "digest"));

    [Fact]
    public void OnlyReminderWidePlaceholdersAreAllowed()
    {
        Assert.Empty(ReminderTemplate.UnknownPlaceholders("{キャンペーン名}の期限は{期限}です"));
        Assert.Equal(
            ["氏名", "メールアドレス"],
            ReminderTemplate.UnknownPlaceholders("{氏名}様 {メールアドレス} {氏名}")
        );
        Assert.Equal(
            "Aの期限は2026年1月31日です",
            ReminderTemplate.Render("{キャンペーン名}の期限は{期限}です", "A", new DateOnly(2026, 1, 31))
        );
    }

    [Fact]
    public void CsvCellsThatLookLikeFormulasAreDefused()
    {
        var report = new ReminderReport(
            Guid.Empty,
            "=HYPERLINK(\"x\")",
            "Completed",
            false,
            3,
            3,
            5,
            3,
            [new ChannelReport("email", 3, 2, 1, 1, 0, 0, 0, 0)],
            DateTimeOffset.UnixEpoch
        );
        var lines = Encoding
            .UTF8.GetString(ReminderReportCsv.Write(report))
            .TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "00000000-0000-0000-0000-000000000000,\"'=HYPERLINK(\"\"x\"\")\",Completed,0,email,"
                + "3,3,5,3,2,1,1,0,0,0,0,0,1970-01-01T00:00:00+00:00",
            lines[1]
        );
    }
}
