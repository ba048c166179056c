using Habatan.Applications.Campaigns;

namespace Habatan.Applications.Audit;

// The items of personal data a breach report names, from the fields an audit row lists. The
// individual number (マイナンバー) is printed on the back of the My Number card only, and intake
// refuses that side (DocumentTypes), so a card image read is the card's front; should a back ever
// be read, the report names the individual number, which the authority asks about apart.
public static class PersonalDataItems
{
    public const string Name = "氏名";
    public const string BirthDate = "生年月日";
    public const string Phone = "電話番号";
    public const string Email = "メールアドレス";
    public const string Address = "住所";
    public const string IdImage = "本人確認書類の画像";
    public const string MyNumberCard = "マイナンバーカード";
    public const string MyNumber = "個人番号（マイナンバー）";
    public const string ApplicationStatus = "申請状況（申請番号・状態・日付）";

    public static IEnumerable<string> Of(string field, string documentType)
    {
        switch (field)
        {
            case "representative.name" or "representative.kana":
                yield return Name;
                break;
            case "householdMembers":
                yield return Name;
                yield return BirthDate;
                break;
            case "representative.birthDate":
                yield return BirthDate;
                break;
            case "representative.phone":
                yield return Phone;
                break;
            case "representative.email":
                yield return Email;
                break;
            case "representative.postalCode" or "representative.address":
                yield return Address;
                break;
            case "applicationNumber" or "status" or "dates" or "corrections":
                yield return ApplicationStatus;
                break;
            case var image
                when image.StartsWith("documents.", StringComparison.Ordinal)
                    && image.EndsWith(".image", StringComparison.Ordinal):
                yield return IdImage;
                if (documentType != DocumentTypes.MyNumberCard)
                    break;
                yield return MyNumberCard;
                if (image == "documents.back.image")
                    yield return MyNumber;
                break;
        }
    }
}
