namespace Habatan.Members.Imports;

// DESIGN.md, incident 2, point 1: an amount is a plain non-negative integer of yen, or the cell
// is an error. The incident's join compared text, blanks and numbers as "different"; here
// nothing but ASCII digits ever becomes an amount, and every other shape is named, so the
// import report tells ops exactly what to fix.
public static class AmountCell
{
    // Above this a single entitlement is not plausible (and long could hold it anyway): a typo.
    public const long Maximum = 10_000_000_000;

    public static AmountParse Parse(string? cell)
    {
        // Almost every cell is already a plain amount: accept it in one pass over the span, and
        // leave every other shape to the checks below, which name what is wrong with it.
        if (
            cell is { Length: > 0 and <= 11 }
            && (cell[0] != '0' || cell.Length == 1)
            && !cell.AsSpan().ContainsAnyExceptInRange('0', '9')
        )
        {
            var value = 0L;
            foreach (var digit in cell)
                value = value * 10 + (digit - '0');
            if (value <= Maximum)
                return AmountParse.Ok(value);
        }
        if (cell is null || cell.Length == 0)
            return AmountParse.Failed(AmountError.Blank);
        if (cell.All(char.IsWhiteSpace))
            return AmountParse.Failed(AmountError.Blank);
        if (cell.Any(char.IsWhiteSpace))
            return AmountParse.Failed(AmountError.Spaces);
        if (cell[0] == '=')
            return AmountParse.Failed(AmountError.Formula);
        if (cell.Any(c => c is '¥' or '￥' or '$' or '円' or '€' or '£'))
            return AmountParse.Failed(AmountError.CurrencyMark);
        if (cell[0] is '-' or '−' or '－' || (cell[0] == '(' && cell[^1] == ')'))
            return AmountParse.Failed(AmountError.Negative);
        if (cell.Any(c => c is >= '０' and <= '９'))
            return AmountParse.Failed(AmountError.FullWidthDigits);
        if (cell.Any(c => c is ',' or '，' or '、' or '_' or '\''))
            return AmountParse.Failed(AmountError.ThousandsSeparator);
        if (cell.Any(c => c is '.' or '．'))
            return AmountParse.Failed(AmountError.DecimalPoint);
        if (cell.Any(c => c is 'e' or 'E') && cell.Any(char.IsAsciiDigit))
            return AmountParse.Failed(AmountError.Exponent);
        if (cell[0] == '+')
            return AmountParse.Failed(AmountError.Sign);
        if (!cell.All(char.IsAsciiDigit))
            return AmountParse.Failed(AmountError.Text);
        if (cell.Length > 1 && cell[0] == '0')
            return AmountParse.Failed(AmountError.LeadingZero);
        if (
            cell.Length > 11
            || !long.TryParse(
                cell,
                System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture,
                out var yen
            )
            || yen > Maximum
        )
            return AmountParse.Failed(AmountError.TooLarge);
        return AmountParse.Ok(yen);
    }
}
