using System.Globalization;
using System.Text;
using Habatan.Infrastructure.Http;

namespace Habatan.Applications.Audit;

// The report as the prefecture and the authority's form need it: the summary's items first, one
// a row, then one row per affected person. Times in JST with their offset.
public static class BreachScopeCsv
{
    public const string SubjectsHeader =
        "本人(会員ID),申請番号,キャンペーン,項目,フィールド,閲覧回数,閲覧者,最"
            + "初の閲覧,最後の閲覧,トレースID";

    public static byte[] Write(BreachScopeReport report)
    {
        var s = report.Summary;
        var csv = new StringBuilder();
        csv.Row("項目", "内容")
            .Row(CsvCell.Text("報告の区分"), CsvCell.Text(s.Stage))
            .Row(CsvCell.Text("対象期間"), CsvCell.Text($"{Time(s.WindowFrom)} ～ {Time(s.WindowTo)}"))
            .Row(
                CsvCell.Text("漏えいの期間（最初と最後の閲覧）"),
                CsvCell.Text($"{Time(s.FirstRead)} ～ {Time(s.LastRead)}")
            )
            .Row(CsvCell.Text("本人の数"), Number(s.PeopleAffected))
            .Row(CsvCell.Text("個人データの項目"), CsvCell.Text(string.Join("、", s.Items)))
            .Row(
                CsvCell.Text("マイナンバーカードの画像を含む"),
                CsvCell.Text(s.MyNumberCardIncluded ? "含む" : "含まない")
            )
            .Row(CsvCell.Text("個人番号（特定個人情報）を含む"), CsvCell.Text(s.MyNumberIncluded ? "含む" : "含まない"))
            .Row(CsvCell.Text("閲覧回数"), Number(s.Reads))
            .Row(CsvCell.Text("閲覧者の数"), Number(s.Readers))
            .Row(CsvCell.Text("キャンペーン"), CsvCell.Text(string.Join("、", s.Campaigns)))
            .Row(CsvCell.Text("原因"), CsvCell.Text(s.Cause))
            .Row(CsvCell.Text("再発防止策"), CsvCell.Text(s.Measures))
            .Row(CsvCell.Text("作成日時"), CsvCell.Text(Time(report.GeneratedAt)))
            .Row(CsvCell.Text("打ち切り"), CsvCell.Text(report.Cut ? $"{BreachScope.MaxReads}件で打ち切り" : "なし"))
            .Append("\r\n")
            .Append(SubjectsHeader)
            .Append("\r\n");
        foreach (var subject in report.Subjects)
            csv.Row(
                CsvCell.Text(subject.Subject),
                List(subject.ApplicationNumbers),
                List(subject.Campaigns),
                List(subject.Items),
                List(subject.Fields),
                Number(subject.Reads),
                List(subject.Readers),
                CsvCell.Text(Time(subject.FirstRead)),
                CsvCell.Text(Time(subject.LastRead)),
                List(subject.TraceIds)
            );
        return CsvCell.Bytes(csv);
    }

    private static string List(IEnumerable<string> values) => CsvCell.Text(string.Join(" ", values));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? at) =>
        at?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) ?? "";
}
