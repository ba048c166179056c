using System.Globalization;

namespace Habatan.Applications.Campaigns;

// Windows are announced in Japan Standard Time (no daylight saving). Ops may write a time with
// an offset, or without one, which then means JST.
public static class Jst
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd HH:mm:ss",
    ];

    public static DateTimeOffset Of(DateTimeOffset instant) => instant.ToOffset(Offset);

    // The calendar day in Japan at that instant: from 15:00 UTC on it is already the next day,
    // whatever the machine's time zone.
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(Of(instant).DateTime);

    public static string Display(DateTimeOffset instant) =>
        Of(instant).ToString("yyyy年M月d日 H:mm", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        if (
            DateTime.TryParseExact(
                text.Trim(),
                LocalFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var local
            )
        )
        {
            // Stored as UTC: PostgreSQL keeps instants, Npgsql takes them with offset zero only.
            instant = new DateTimeOffset(local, Offset).ToUniversalTime();
            return true;
        }
        var parsed = DateTimeOffset.TryParseExact(
            text.Trim(),
            [
                "yyyy-MM-dd'T'HH:mmzzz",
                "yyyy-MM-dd'T'HH:mm:sszzz",
                "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
                "yyyy-MM-dd'T'HH:mm:ss'Z'",
                "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
            ],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal,
            out instant
        );
        instant = instant.ToUniversalTime();
        return parsed;
    }
}
