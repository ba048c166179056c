using Habatan.Notifications.FanOut;

namespace Habatan.Notifications.Tests.Reminders;

// A mail the server did not accept is tried again with a doubling wait, a bounded number of
// times, and never after the reminder's send window closes.
public sealed class DeliveryRetryTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 20, 1, 0, 0, TimeSpan.Zero);
    private static readonly FanOutOptions Options = new() { MaxAttempts = 4, RetryBackoff = TimeSpan.FromMinutes(1) };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    public void EachRetryWaitsTwiceAsLong(int attemptsMade, int minutes) =>
        Assert.Equal(Now.AddMinutes(minutes), DeliveryRetry.Next(attemptsMade, Now, Now.AddHours(1), Options));

    [Fact]
    public void NoAttemptIsLeftAfterTheLast() => Assert.Null(DeliveryRetry.Next(4, Now, Now.AddHours(1), Options));

    [Fact]
    public void NoRetryFallsOutsideTheSendWindow()
    {
        Assert.Null(DeliveryRetry.Next(3, Now, Now.AddMinutes(4), Options));
        Assert.Equal(Now.AddMinutes(4), DeliveryRetry.Next(3, Now, Now.AddMinutes(5), Options));
    }
}
