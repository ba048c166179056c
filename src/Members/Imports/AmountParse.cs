namespace Habatan.Members.Imports;

public readonly record struct AmountParse(long Yen, AmountError? Error)
{
    public bool IsValid => Error is null;

    public static AmountParse Ok(long yen) => new(yen, null);

    public static AmountParse Failed(AmountError error) => new(0, error);
}
