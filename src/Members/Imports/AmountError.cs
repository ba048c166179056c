namespace Habatan.Members.Imports;

// Each way a cell can fail to be an amount, with the reason ops read in the import report.
public enum AmountError
{
    Blank,
    Spaces,
    Text,
    FullWidthDigits,
    ThousandsSeparator,
    DecimalPoint,
    CurrencyMark,
    Formula,
    Exponent,
    Negative,
    Sign,
    LeadingZero,
    TooLarge,
    StoredAsText,
}

public static class AmountErrorText
{
    public static string Reason(this AmountError error) =>
        error switch
        {
            AmountError.Blank => "空欄です。金額は0以上の整数で入力してください（0円なら 0）。",
            AmountError.Spaces => "空白が含まれています。",
            AmountError.Text => "数字ではありません。",
            AmountError.FullWidthDigits => "全角数字です。半角数字で入力してください。",
            AmountError.ThousandsSeparator => "桁区切り（カンマなど）が含まれています。",
            AmountError.DecimalPoint => "小数点が含まれています。金額は円単位の整数です。",
            AmountError.CurrencyMark => "通貨記号や「円」が含まれています。",
            AmountError.Formula => "数式です。値そのものを入力してください。",
            AmountError.Exponent => "指数表記（1E+05 など）です。",
            AmountError.Negative => "負の数です。",
            AmountError.Sign => "符号（+）が付いています。",
            AmountError.LeadingZero => "先頭に0があります（文字列として保存された可能性があります）。",
            AmountError.TooLarge => "金額が大きすぎます。",
            AmountError.StoredAsText =>
                "数値が文字列として保存されています。セルの表示形式を「数値」にして入力し直してください。",
            _ => throw new ArgumentOutOfRangeException(nameof(error)),
        };
}
