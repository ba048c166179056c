namespace Habatan.Members.Imports;

public enum ImportKind
{
    Roster,
    Entitlements,
    Balances,
}

public static class ImportKinds
{
    public static bool TryParse(string? value, out ImportKind kind)
    {
        kind = value switch
        {
            "roster" => ImportKind.Roster,
            "entitlements" => ImportKind.Entitlements,
            "balances" => ImportKind.Balances,
            _ => (ImportKind)(-1),
        };
        return Enum.IsDefined(kind);
    }

    public static string Name(this ImportKind kind) =>
        kind switch
        {
            ImportKind.Roster => "roster",
            ImportKind.Entitlements => "entitlements",
            _ => "balances",
        };
}
