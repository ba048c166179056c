namespace Habatan.Applications.Campaigns;

public enum BackSide
{
    Required,
    Optional,

    // The My Number card's back is its number side (番号面): the individual number must never
    // be collected, so that side is refused outright.
    Refused,
}

public sealed record DocumentType(string Code, string Label, BackSide Back);

public static class DocumentTypes
{
    public const string MyNumberCard = "my-number-card";

    public static readonly IReadOnlyList<DocumentType> All =
    [
        new("drivers-license", "運転免許証", BackSide.Required),
        new(MyNumberCard, "マイナンバーカード", BackSide.Refused),
        new("passport", "パスポート", BackSide.Optional),
        new("residence-card", "在留カード", BackSide.Required),
        new("health-insurance-card", "健康保険証", BackSide.Required),
    ];

    public static DocumentType? Find(string? code) =>
        All.FirstOrDefault(t => string.Equals(t.Code, code, StringComparison.Ordinal));
}
