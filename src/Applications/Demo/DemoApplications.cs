using System.Text.Json.Nodes;
using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Demo;

// Applications of the demo applicants in the open tranche, and where review has taken each.
// Names and addresses are obviously fictitious; the addresses are the applicants' sign-in
// addresses, so a newcomer can sign in as one of them and see their My Page.
public sealed record DemoApplication(
    string Email,
    JsonObject Form,
    IReadOnlyList<ApplicationStatus> Path,
    IReadOnlyList<string> CorrectionItems,
    bool AppliesTwice = false
);

public static class DemoApplications
{
    public const string Hanako = "hanako.hyogo@demo.habatan.example";
    public const string Taro = "taro.kobe@demo.habatan.example";
    public const string Jiro = "jiro.himeji@demo.habatan.example";
    public const string Sakura = "sakura.akashi@demo.habatan.example";

    public static readonly IReadOnlyList<DemoApplication> All =
    [
        // Asked to correct her ID image (a correction mail and an inbox notice go out), and she
        // applied a second time by mistake: that one is stored as Invalid with its own number.
        new(
            Hanako,
            Form(
                Hanako,
                "兵庫",
                "花子",
                "ヒョウゴ",
                "ハナコ",
                "1988-04-12",
                "female",
                "090-0000-0001",
                "兵庫県神戸市中央区デモ町1-1-1",
                units: 4
            ),
            [ApplicationStatus.Accepted, ApplicationStatus.NeedsCorrection],
            ["本人確認書類の画像が不鮮明です。四隅が写るように撮り直して添付してください。"],
            AppliesTwice: true
        ),
        new(
            Taro,
            Form(
                Taro,
                "神戸",
                "太郎",
                "コウベ",
                "タロウ",
                "1975-11-03",
                "male",
                "090-0000-0002",
                "兵庫県神戸市灘区デモ町2-2-2",
                units: 2
            ),
            [],
            []
        ),
        new(
            Jiro,
            Form(
                Jiro,
                "姫路",
                "次郎",
                "ヒメジ",
                "ジロウ",
                "1969-07-21",
                "male",
                "079-000-0003",
                "兵庫県姫路市デモ町3-3-3",
                units: 3
            ),
            [ApplicationStatus.Accepted],
            []
        ),
        // Approved: Members makes her entitlement in the open tranche from the ApplicationApproved message.
        new(
            Sakura,
            Form(
                Sakura,
                "明石",
                "さくら",
                "アカシ",
                "サクラ",
                "1992-03-30",
                "female",
                "078-000-0004",
                "兵庫県明石市デモ町4-4-4",
                units: 2
            ),
            [ApplicationStatus.Accepted, ApplicationStatus.Approved],
            []
        ),
    ];

    // The JSON the portal's form sends (the "application" part of the multipart body).
    private static JsonObject Form(
        string email,
        string familyName,
        string givenName,
        string familyKana,
        string givenKana,
        string birthDate,
        string gender,
        string phone,
        string address,
        int units
    ) =>
        new()
        {
            ["campaignCode"] = DemoCampaigns.Open,
            ["units"] = units,
            ["representative"] = new JsonObject
            {
                ["familyName"] = familyName,
                ["givenName"] = givenName,
                ["familyNameKana"] = familyKana,
                ["givenNameKana"] = givenKana,
                ["birthDate"] = birthDate,
                ["gender"] = gender,
                ["phone"] = phone,
                ["email"] = email,
                ["postalCode"] = "6500000",
                ["address"] = address,
            },
            ["householdMembers"] = new JsonArray(),
            ["documentType"] = "passport",
            ["consents"] = new JsonObject { ["terms"] = true, ["privacy"] = true },
        };
}
