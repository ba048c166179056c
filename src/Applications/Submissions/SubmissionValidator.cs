using System.Globalization;
using System.Text.Json;
using Habatan.Applications.Campaigns;

namespace Habatan.Applications.Submissions;

// Checks a submission against the campaign it is for. Every message says what to enter, in
// the portal's words. Field names are the JSON paths the form sends.
public static class SubmissionValidator
{
    private static readonly string[] Genders = ["female", "male", "other", "unspecified"];
    private static readonly string[] Relationships = ["spouse", "child", "parent", "other"];
    private const int MaxHouseholdMembers = 10;

    public static Submission? Validate(
        JsonElement root,
        Campaign? campaign,
        IReadOnlyDictionary<string, byte[]?> files,
        int maxImageBytes,
        DateOnly today,
        FieldErrors errors
    )
    {
        if (campaign is null)
            errors.Add(
                "campaignCode",
                FieldErrors.Text(root, "campaignCode") is null
                    ? "キャンペーンを指定してください。"
                    : "指定のキャンペーンが見つかりません。"
            );

        var units = FieldErrors.WholeNumber(root, "units");
        if (units is not > 0)
            errors.Add("units", "申込口数を1以上の整数で入力してください。");
        else if (campaign is not null && units > campaign.UnitLimit)
            errors.Add("units", $"申込口数は{campaign.UnitLimit}口までです。");

        var representative = ReadRepresentative(FieldErrors.Property(root, "representative"), today, errors);
        var household = ReadHousehold(FieldErrors.Property(root, "householdMembers"), campaign, today, errors);

        var consents = FieldErrors.Property(root, "consents");
        if (!FieldErrors.IsTrue(consents, "terms"))
            errors.Add("consents.terms", "利用規約への同意が必要です。");
        if (!FieldErrors.IsTrue(consents, "privacy"))
            errors.Add("consents.privacy", "個人情報の取扱いへの同意が必要です。");

        var documentType = DocumentTypes.Find(FieldErrors.Text(root, "documentType"));
        if (documentType is null)
            errors.Add(
                "documentType",
                $"本人確認書類の種類を選んでください（{string.Join("、", DocumentTypes.All.Select(d => d.Label))}）。"
            );
        else if (campaign is not null && !campaign.AcceptedDocuments.Contains(documentType.Code))
        {
            var accepted = string.Join("、", campaign.AcceptedDocuments.Select(c => DocumentTypes.Find(c)?.Label ?? c));
            errors.Add("documentType", $"このキャンペーンで使える本人確認書類は {accepted} です。");
        }
        var documents = ReadDocuments(documentType, files, maxImageBytes, errors);

        return errors.Any
            ? null
            : new Submission(units!.Value, representative!, household, documentType!.Code, documents);
    }

    private static Representative? ReadRepresentative(JsonElement? person, DateOnly today, FieldErrors errors)
    {
        const string prefix = "representative.";
        var (familyName, givenName, familyKana, givenKana) = ReadNames(person, prefix, errors);
        var birthDate = ReadBirthDate(person, prefix + "birthDate", today, errors);

        var gender = FieldErrors.Text(person, "gender");
        if (gender is null || !Genders.Contains(gender, StringComparer.Ordinal))
            errors.Add(prefix + "gender", "性別を選んでください（female, male, other, unspecified）。");

        var phone = ContactRules.Phone(FieldErrors.Text(person, "phone"));
        if (phone is null)
            errors.Add(prefix + "phone", ContactRules.PhoneMessage);
        var emailRefusal = EmailAddress.Parse(FieldErrors.Text(person, "email"), out var parsedEmail);
        var email = emailRefusal is null ? parsedEmail.Value : null;
        if (emailRefusal is not null)
            errors.Add(prefix + "email", emailRefusal);
        var postal = ContactRules.PostalCode(FieldErrors.Text(person, "postalCode"));
        if (postal is null)
            errors.Add(prefix + "postalCode", ContactRules.PostalCodeMessage);
        var address = ContactRules.Address(FieldErrors.Text(person, "address"));
        if (address is null)
            errors.Add(prefix + "address", ContactRules.AddressMessage);

        if (
            familyName is null
            || givenName is null
            || familyKana is null
            || givenKana is null
            || birthDate is null
            || errors.Has(prefix + "gender")
            || phone is null
            || email is null
            || postal is null
            || address is null
        )
            return null;
        return new Representative(
            familyName,
            givenName,
            familyKana,
            givenKana,
            birthDate.Value,
            gender!,
            phone!,
            email!,
            postal!,
            address!
        );
    }

    private static List<HouseholdMember> ReadHousehold(
        JsonElement? members,
        Campaign? campaign,
        DateOnly today,
        FieldErrors errors
    )
    {
        var household = new List<HouseholdMember>();
        if (members is { } list && list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("householdMembers", "世帯員は一覧（配列）で送信してください。");
            return household;
        }
        var count = members?.GetArrayLength() ?? 0;
        if (count > MaxHouseholdMembers)
            errors.Add("householdMembers", $"世帯員は{MaxHouseholdMembers}人まで入力できます。");
        if (
            campaign is { HouseholdMembersRequired: true }
            && !(members?.EnumerateArray().Any(m => FieldErrors.Text(m, "relationship") == "child") ?? false)
        )
            errors.Add(
                "householdMembers",
                "この枠では、対象となるお子さまを世帯員（続柄 child）として1人以"
                    + "上入力してください。"
            );

        var index = 0;
        foreach (var member in members?.EnumerateArray().Take(MaxHouseholdMembers) ?? [])
        {
            var prefix = $"householdMembers[{index++}].";
            var (familyName, givenName, familyKana, givenKana) = ReadNames(member, prefix, errors);
            var birthDate = ReadBirthDate(member, prefix + "birthDate", today, errors);
            var relationship = FieldErrors.Text(member, "relationship");
            if (relationship is null || !Relationships.Contains(relationship, StringComparer.Ordinal))
            {
                errors.Add(prefix + "relationship", "続柄を選んでください（spouse, child, parent, other）。");
                continue;
            }
            if (
                familyName is not null
                && givenName is not null
                && familyKana is not null
                && givenKana is not null
                && birthDate is not null
            )
                household.Add(
                    new HouseholdMember(familyName, givenName, familyKana, givenKana, birthDate.Value, relationship)
                );
        }
        return household;
    }

    private static (string?, string?, string?, string?) ReadNames(
        JsonElement? person,
        string prefix,
        FieldErrors errors
    )
    {
        string? Name(string field, string label)
        {
            var value = PersonName.Name(FieldErrors.Text(person, field));
            if (value is null)
                errors.Add(prefix + field, PersonName.NameMessage(label));
            return value;
        }

        string? Kana(string field, string label)
        {
            var value = PersonName.Kana(FieldErrors.Text(person, field));
            if (value is null)
                errors.Add(prefix + field, PersonName.KanaMessage(label));
            return value;
        }

        return (
            Name("familyName", "氏名（姓）"),
            Name("givenName", "氏名（名）"),
            Kana("familyNameKana", "フリガナ（セイ）"),
            Kana("givenNameKana", "フリガナ（メイ）")
        );
    }

    private static DateOnly? ReadBirthDate(JsonElement? person, string field, DateOnly today, FieldErrors errors)
    {
        var text = FieldErrors.Text(person, "birthDate");
        if (
            text is not null
            && DateOnly.TryParseExact(
                text,
                "yyyy-MM-dd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var date
            )
            && date >= new DateOnly(1900, 1, 1)
            && date <= today
        )
            return date;
        errors.Add(field, "生年月日を 1985-04-01 の形式で、今日以前の日付で入力してください。");
        return null;
    }

    private static List<DocumentImage> ReadDocuments(
        DocumentType? type,
        IReadOnlyDictionary<string, byte[]?> files,
        int maxImageBytes,
        FieldErrors errors
    )
    {
        var documents = new List<DocumentImage>();
        void Read(string field, string side, string label)
        {
            var content = files.GetValueOrDefault(field);
            if (content is null || content.Length == 0)
                errors.Add(field, $"本人確認書類の{label}の画像を添付してください。");
            else if (content.Length > maxImageBytes)
                errors.Add(
                    field,
                    $"{label}の画像が大きすぎます。{maxImageBytes / (1024 * 1024)}MB以下にして"
                        + $"ください。"
                );
            else if (DocumentImage.TryCreate(side, content, out var image) is { } refusal)
                errors.Add(field, refusal.Message(label));
            else
                documents.Add(image!);
        }

        Read("idFront", "front", "表面");
        if (type?.Back == BackSide.Refused)
        {
            if (files.GetValueOrDefault("idBack") is { Length: > 0 })
                errors.Add(
                    "idBack",
                    "マイナンバーカードの裏面（個人番号が記載された番号面）は提"
                        + "出できません。表面のみを添付してください。"
                );
        }
        else if (type?.Back == BackSide.Required || files.GetValueOrDefault("idBack") is { Length: > 0 })
        {
            Read("idBack", "back", "裏面");
        }
        return documents;
    }
}
