using System.Security.Cryptography;

namespace Habatan.TestSupport.Applications;

// A representative with details of their own, so no two tests' households meet by accident.
public sealed record Person(
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    string BirthDate,
    string Phone,
    string Email,
    string PostalCode,
    string Address
)
{
    private const string KanaToTo = "アイウエオカキクケコサシスセソタチツテト";
    private const string KanaNaToMu = "ナニヌネノハヒフヘホマミム";
    private const string Kana = KanaToTo + KanaNaToMu + "メモヤユヨラリルレロワ";

    public static Person New()
    {
        string Random(string alphabet, int length) =>
            new([
                .. Enumerable.Range(0, length).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]),
            ]);
        var digits = Random("0123456789", 8);
        return new Person(
            "兵庫",
            "花子",
            "ヒョウゴ" + Random(Kana, 3),
            "ハナコ",
            $"19{RandomNumberGenerator.GetInt32(50, 99)}-0{RandomNumberGenerator.GetInt32(1, 9)}"
                + $"-1{RandomNumberGenerator.GetInt32(0, 9)}",
            $"090-{digits[..4]}-{digits[4..]}",
            $"hanako.{Random("abcdefghijklmnopqrstuvwxyz", 10)}@example.jp",
            "6508567",
            $"兵庫県神戸市中央区下山手通5-10-{RandomNumberGenerator.GetInt32(1, 999999)}"
        );
    }

    // Every value of this person that must never show up in someone else's response.
    public IEnumerable<string> PersonalValues() => [FamilyNameKana, Phone, Email, Address, BirthDate];
}
