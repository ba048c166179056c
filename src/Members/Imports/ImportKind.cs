namespace Habatan.Members.Imports;

public enum ImportKind
{
    Roster,
    Entitlements,
}

public static class ImportKinds
{
    public static bool TryParse(string? value, out ImportKind kind)
    {
        kind = value switch
        {
            "roster" => ImportKind.Roster,
            "entitlements" => ImportKind.Entitlements,
            _ => (ImportKind)(-1),
        };
        return Enum.IsDefined(kind);
    }

    public static string Name(this ImportKind kind) => kind == ImportKind.Roster ? "roster" : "entitlements";
}
