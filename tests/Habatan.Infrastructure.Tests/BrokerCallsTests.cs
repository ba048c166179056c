namespace Habatan.Infrastructure.Tests;

// The bound on a broker call holds even for a call that never heeds its token (a publish waiting
// on a confirm that never comes); a call that answers in time is not touched.
public sealed class BrokerCallsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task ACallThatIgnoresItsTokenIsAbandonedAtTheBound()
    {
        var neverConfirmed = new TaskCompletionSource<int>();

        var call = BrokerCalls.WithinAsync(_ => neverConfirmed.Task, Bound, CancellationToken.None);

        // Far beyond the bound, so the test itself ends if the bound does not hold.
        Assert.Same(call, await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10))));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.False(neverConfirmed.Task.IsCompleted);
    }

    [Fact]
    public async Task ACallAnsweredInTimeReturnsItsAnswer() =>
        Assert.Equal(42, await BrokerCalls.WithinAsync(_ => Task.FromResult(42), Bound, CancellationToken.None));
}
