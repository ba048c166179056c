using System.Globalization;
using Habatan.Applications.Campaigns;
using Habatan.Applications.Demo;

namespace Habatan.Applications.Tests.Campaigns;

// Every rule that reads a calendar day reads Japan's, from the instant it is given: the same on
// both sides of JST midnight (15:00 UTC) and of UTC midnight, whatever the machine's zone.
public sealed class JstDateRulesTests
{
    [Theory]
    [InlineData("2026-06-14T14:59:00Z", "2026-06-14")]
    [InlineData("2026-06-14T15:00:00Z", "2026-06-15")]
    [InlineData("2026-06-14T23:59:00Z", "2026-06-15")]
    [InlineData("2026-06-15T00:01:00Z", "2026-06-15")]
    [InlineData("2026-12-31T15:00:00Z", "2027-01-01")]
    public void TheDayIsJapansDay(string instant, string day) =>
        Assert.Equal(DateOnly.Parse(day, CultureInfo.InvariantCulture), Jst.DateOf(At(instant)));

    [Theory]
    [InlineData("2026-06-14T14:59:00Z")]
    [InlineData("2026-06-14T15:01:00Z")]
    [InlineData("2026-06-14T23:59:00Z")]
    [InlineData("2026-06-15T00:01:00Z")]
    public void TheDemoTrancheIsOpenAndTheFirstClosedAtAnyHour(string instant)
    {
        var now = At(instant);
        var windows = DemoCampaigns
            .At(now)
            .ToDictionary(c => c.Code!, c => (Opens: Parse(c.OpensAt), Closes: Parse(c.ClosesAt)));

        Assert.True(windows[DemoCampaigns.Open].Opens < now && windows[DemoCampaigns.Open].Closes > now.AddDays(30));
        Assert.True(windows[DemoCampaigns.Closed].Opens < windows[DemoCampaigns.Closed].Closes);
        Assert.True(windows[DemoCampaigns.Closed].Closes < now);
    }

    [Theory]
    [InlineData("2026-06-14T14:59:00Z", IntakeState.Open)]
    [InlineData("2026-06-14T15:00:00Z", IntakeState.Closed)]
    [InlineData("2026-06-13T23:59:00Z", IntakeState.Upcoming)]
    [InlineData("2026-06-14T00:00:00Z", IntakeState.Open)]
    public void IntakeOpensAndClosesAtTheInstantsAnnounced(string instant, IntakeState expected)
    {
        // Announced as 09:00 JST on the 14th until midnight JST that night: 00:00 to 15:00 UTC.
        Assert.True(Jst.TryParse("2026-06-14T09:00", out var opens));
        Assert.True(Jst.TryParse("2026-06-15T00:00", out var closes));
        var campaign = new Campaign(1, "c", "n", opens, closes, 1000, 0, 1, false, [], null);

        Assert.Equal(expected, campaign.StateAt(At(instant)));
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string? text) =>
        Jst.TryParse(text, out var instant) ? instant : throw new FormatException(text);
}
