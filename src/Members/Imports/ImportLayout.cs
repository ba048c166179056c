namespace Habatan.Members.Imports;

// The columns a file of one kind must, may and must not have, checked by header name (order is
// free). Anything unexpected is an error rather than ignored: a misspelt "当選額" column left
// out silently is how a file imports wrong. OneOf names columns of which exactly one must be
// present (a member is named by email or by member id, not both).
public sealed class ImportLayout(
    IReadOnlyList<string> required,
    IReadOnlyList<string> optional,
    IReadOnlyList<string> oneOf
)
{
    public const string HeaderColumn = "見出し";

    private IEnumerable<string> Known => required.Concat(optional).Concat(oneOf);

    // Columns a file may leave out. A merge changes no stored value of a column the file does not
    // have (issue 13, class 9); a new row takes the column's documented default.
    public IReadOnlyList<string> Optional => optional;

    public bool TryMap(IReadOnlyList<string> headers, ImportErrorSink errors, out ImportColumns columns)
    {
        var before = errors.Count;
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i].Trim();
            if (name.Length == 0)
                errors.Add(
                    1,
                    $"{HeaderColumn}（{i + 1}列目）",
                    null,
                    "見出しが空欄です。列名を入れるか、不要な列を削除してください。"
                );
            else if (!Known.Contains(name, StringComparer.Ordinal))
                errors.Add(1, name, name, $"不明な列です。使える列: {string.Join("、", Known)}");
            else if (!map.TryAdd(name, i))
                errors.Add(1, name, name, "同じ見出しの列が複数あります。");
        }
        foreach (var name in required.Where(n => !map.ContainsKey(n)))
            errors.Add(1, name, null, "必須の列がありません。");
        var chosen = oneOf.Where(map.ContainsKey).ToList();
        if (oneOf.Count > 0 && chosen.Count != 1)
            errors.Add(
                1,
                string.Join("／", oneOf),
                null,
                chosen.Count == 0
                    ? $"{string.Join("か", oneOf)}の列が必要です。"
                    : $"{string.Join("と", oneOf)}はどちらか一方の列だけにしてください。"
            );

        columns = new ImportColumns(map);
        return errors.Count == before;
    }
}

public sealed class ImportColumns(IReadOnlyDictionary<string, int> indexes)
{
    public bool Has(string name) => indexes.ContainsKey(name);

    public Files.ImportCell Cell(Files.ImportRow row, string name) =>
        indexes.TryGetValue(name, out var index) ? row.Cells[index] : Files.ImportCell.Empty;
}
