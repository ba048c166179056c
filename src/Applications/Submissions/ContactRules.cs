using System.Text;

namespace Habatan.Applications.Submissions;

// How contact details must look, for a submission and for a correction alike. Each returns the
// normalised value, or null with the message to show.
public static class ContactRules
{
    public const string PhoneMessage =
        "電話番号を市外局番から10桁または11桁の数字で入力してください（例: 078-341-7711）。";
    public const string EmailMessage = "メールアドレスの形式が正しくありません。例: hanako@example.jp";
    public const string PostalCodeMessage = "郵便番号を7桁の数字で入力してください（例: 650-8567）。";
    public const string AddressMessage = "住所を都道府県から200文字以内で入力してください。";

    public static string? Phone(string? text)
    {
        var phone = text?.Normalize(NormalizationForm.FormKC);
        var digits = phone is null ? "" : HouseholdKey.Phone(phone);
        return
            phone is null
            || phone.Any(c => !char.IsAsciiDigit(c) && c is not ('-' or ' ' or '(' or ')'))
            || digits.Length is not (10 or 11)
            || digits[0] != '0'
            ? null
            : phone;
    }

    // The one address rule of every service (ServiceDefaults/Input/EmailAddress).
    public static string? Email(string? email) => EmailAddress.TryParse(email, out var parsed) ? parsed.Value : null;

    public static string? PostalCode(string? text)
    {
        var postal = text?.Normalize(NormalizationForm.FormKC).Replace("-", "", StringComparison.Ordinal);
        return postal is { Length: 7 } && postal.All(char.IsAsciiDigit) ? postal : null;
    }

    public static string? Address(string? text)
    {
        var address = text?.Normalize(NormalizationForm.FormKC);
        return address is null || address.Length > 200 || address.Any(char.IsControl) ? null : address;
    }
}
