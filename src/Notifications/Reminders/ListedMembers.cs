using Habatan.Contracts.Audiences;

namespace Habatan.Notifications.Reminders;

// Incident day (issue #18, point 5): the audience "listed-members" is exactly the member ids the
// operator passes (the first column of the breach-scope report). The list is checked whole: every
// id a member id's shape (32 lowercase hex), none twice, 1 to MaxCount of them; a list that is
// not right is refused, never trimmed or deduplicated silently. Members then refuses ids that are
// no member, and counts the withdrawn and unreachable in the bound, not in the snapshot.
public static class ListedMembers
{
    public const int MaxCount = 10_000;

    public static string[]? Check(Dictionary<string, string[]> errors, string? audience, IReadOnlyList<string>? ids)
    {
        if (audience != AudienceNames.ListedMembers)
        {
            if (ids is { Count: > 0 })
                errors["memberIds"] =
                [
                    $"会員 ID の一覧は対象者の条件が {AudienceNames.ListedMembers} のときだ"
                        + $"け指定できます。",
                ];
            return null;
        }
        if (ids is null || ids.Count is 0 or > MaxCount)
        {
            errors["memberIds"] =
            [
                $"対象者の会員 ID を1〜{MaxCount:N0}件指定してください（漏えい範囲レ"
                    + $"ポートの1列目）。",
            ];
            return null;
        }
        var malformed = ids.Select((id, i) => IsMemberId(id) ? 0 : i + 1).FirstOrDefault(n => n > 0);
        if (malformed > 0)
        {
            errors["memberIds"] = [$"{malformed}件目は会員 ID の形式（0〜9 と a〜f の32文字）ではありません。"];
            return null;
        }
        var repeated = ids.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            errors["memberIds"] =
            [
                $"同じ会員 ID が{repeated.Count()}回あります: {repeated.Key}。重複を除いてか"
                    + $"ら指定してください。",
            ];
            return null;
        }
        return [.. ids];
    }

    private static bool IsMemberId(string? id) =>
        id is { Length: 32 } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
