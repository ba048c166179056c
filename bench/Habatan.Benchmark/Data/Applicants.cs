namespace Habatan.Benchmark.Data;

// The i-th applicant of a burst, the same every run: distinct member, household (kana + birth
// date + phone) and address, so every submission is a valid first application.
internal static class Applicants
{
    private static readonly string[] Surnames = ["田中", "山本", "中村", "小林", "加藤", "吉田", "山田", "松本"];
    private static readonly string[] SurnamesKana =
    [
        "タナカ",
        "ヤマモト",
        "ナカムラ",
        "コバヤシ",
        "カトウ",
        "ヨシダ",
        "ヤマダ",
        "マツモト",
    ];
    private static readonly string[] GivenNames = ["花子", "太郎", "陽菜", "湊", "結衣", "蓮", "美咲", "大翔"];
    private static readonly string[] GivenNamesKana =
    [
        "ハナコ",
        "タロウ",
        "ヒナ",
        "ミナト",
        "ユイ",
        "レン",
        "ミサキ",
        "ヒロト",
    ];

    public static Applicant Get(int i)
    {
        var surname = i % Surnames.Length;
        var given = i / Surnames.Length % GivenNames.Length;
        return new Applicant(
            Email: $"applicant-{i:D7}@bench.habatan.example",
            NameKanji: $"{Surnames[surname]} {GivenNames[given]}",
            NameKana: $"{SurnamesKana[surname]} {GivenNamesKana[given]}",
            BirthDate: new DateOnly(1975, 1, 1).AddDays(i % 9000),
            Gender: (i % 2) == 0 ? "female" : "male",
            Phone: $"090-{i / 10000 % 10000:D4}-{i % 10000:D4}",
            PostalCode: "6500001",
            Address: $"兵庫県神戸市中央区加納町{i / 1000 + 1}丁目{i % 1000 + 1}番",
            Units: i % 4 + 1
        );
    }
}

internal sealed record Applicant(
    string Email,
    string NameKanji,
    string NameKana,
    DateOnly BirthDate,
    string Gender,
    string Phone,
    string PostalCode,
    string Address,
    int Units
);
