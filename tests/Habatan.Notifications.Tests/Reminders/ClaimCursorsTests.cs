using Habatan.Notifications.FanOut;

namespace Habatan.Notifications.Tests.Reminders;

// Each reminder's next claim starts past the last row this sender claimed; a claim that comes
// back short sends the next one to the start, where rows pending again wait.
public sealed class ClaimCursorsTests
{
    private static readonly Guid Reminder = Guid.NewGuid();

    [Fact]
    public void AFullClaimMovesTheCursorPastItsLastRow()
    {
        var cursors = new ClaimCursors();
        cursors.Claimed(Reminder, Rows(12, 10, 11), asked: 3);
        Assert.Equal(12, cursors.After(Reminder));
        Assert.Equal(0, cursors.After(Guid.NewGuid()));
    }

    [Fact]
    public void AShortClaimSendsTheNextToTheStart()
    {
        var cursors = new ClaimCursors();
        cursors.Claimed(Reminder, Rows(10, 11, 12), asked: 3);
        cursors.Claimed(Reminder, Rows(13), asked: 3);
        Assert.Equal(0, cursors.After(Reminder));
    }

    private static List<ClaimedDelivery> Rows(params long[] ids) =>
        [.. ids.Select(id => new ClaimedDelivery(id, $"member-{id}", "email", null, 0))];
}
