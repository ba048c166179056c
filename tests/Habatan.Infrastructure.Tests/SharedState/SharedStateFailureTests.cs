using Habatan.Infrastructure.SharedState;
using StackExchange.Redis;

namespace Habatan.Infrastructure.Tests.SharedState;

// Which exceptions from the shared Redis mean "do without it": the limiter, the session check and
// the revocation write all ask this one rule. A command the client cancelled on its own once
// reached the gateway's error handler and a sign-in answered 500.
public sealed class SharedStateFailureTests
{
    public static TheoryData<string> StoreFailures =>
        ["client error", "connection lost", "command timeout", "patience ran out", "cancelled by the client"];

    [Theory]
    [MemberData(nameof(StoreFailures))]
    public void WhatTheStoreThrowsIsAFailure(string what) =>
        Assert.True(SharedStateFailure.Is(Thrown(what), CancellationToken.None), what);

    [Fact]
    public void ACancellationTheCallerAskedForIsTheCallers()
    {
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();

        Assert.False(SharedStateFailure.Is(new TaskCanceledException(), aborted.Token));
        Assert.False(SharedStateFailure.Is(new OperationCanceledException(aborted.Token), aborted.Token));
    }

    [Fact]
    public void AnythingElseIsNotTheStoresAndIsNotHidden() =>
        Assert.False(SharedStateFailure.Is(new InvalidOperationException("a bug"), CancellationToken.None));

    private static Exception Thrown(string what) =>
        what switch
        {
            "client error" => new RedisServerException("ERR unknown command"),
            "connection lost" => new RedisConnectionException(ConnectionFailureType.SocketFailure, "reset"),
            "command timeout" => new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent),
            "patience ran out" => new TimeoutException(),
            "cancelled by the client" => new TaskCanceledException(),
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
        };
}
