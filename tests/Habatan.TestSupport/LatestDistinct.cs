namespace Habatan.TestSupport;

public static class LatestDistinctExtensions
{
    // The last `count` distinct lines in their order: what a failure message shows of a log that
    // repeats itself (a health check every few seconds) without losing the latest news.
    public static IEnumerable<string> LatestDistinct(this IEnumerable<string> lines, int count) =>
        lines.Reverse().Distinct().Take(count).Reverse();
}
