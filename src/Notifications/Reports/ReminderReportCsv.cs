using System.Globalization;
using System.Text;

namespace Habatan.Notifications.Reports;

// The report as the prefecture opens it: UTF-8 with a BOM (so Excel reads the Japanese
// headers), one row per channel, every count a plain integer. Columns added later go before the
// last one (作成日時), so the earlier ones keep their places. Text cells that a spreadsheet
// would run as a formula are prefixed with an apostrophe.
public static class ReminderReportCsv
{
    public const string Header =
        "配信ID,名称,状態,停止中,チャネル,申告件数,抽出件数,上限,承認件数,送信"
            + "済,失敗,うち不明,未送信,"
        + "うち拒否,うち未受理,うち再試行待ち,うち送信時対象外,作成日時";

    public static byte[] Write(ReminderReport report)
    {
        var csv = new StringBuilder().Append(Header).Append("\r\n");
        foreach (var channel in report.Channels)
        {
            string[] cells =
            [
                report.ReminderId.ToString(),
                Text(report.Name),
                report.State,
                report.Halted ? "1" : "0",
                channel.Channel,
                Number(report.Declared),
                Number(report.Resolved),
                Number(report.Bound),
                Number(channel.Approved),
                Number(channel.Sent),
                Number(channel.Failed),
                Number(channel.Unknown),
                Number(channel.NotSent),
                Number(channel.Refused),
                Number(channel.NotAccepted),
                Number(channel.Retrying),
                Number(channel.NoLongerEligible),
                report.GeneratedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ];
            csv.AppendJoin(',', cells).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Text(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
            value = "'" + value;
        return $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
