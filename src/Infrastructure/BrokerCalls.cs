namespace Habatan.Infrastructure;

// Every call that waits on the broker outside a consumer's own pipeline (the outbox's publish,
// the fan-out's eligibility request, Members' answer to it) ends at its bound. MassTransit heeds
// the token while it connects, but a publish waits for the broker's confirm, which a node killed
// mid-publish or a broker under a memory alarm never gives; its request timeout, too, starts only
// once the request is sent. WaitAsync abandons such a call at the bound, so the caller's loop goes
// on. The call may still complete later, and each caller is safe with that: the outbox row stays
// (the consumer's inbox drops a second copy), a late answer finds nobody waiting.
public static class BrokerCalls
{
    public static async Task<T> WithinAsync<T>(
        Func<CancellationToken, Task<T>> call,
        TimeSpan bound,
        CancellationToken cancellationToken
    )
    {
        using var within = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        within.CancelAfter(bound);
        return await call(within.Token).WaitAsync(within.Token);
    }

    public static Task WithinAsync(
        Func<CancellationToken, Task> call,
        TimeSpan bound,
        CancellationToken cancellationToken
    ) =>
        WithinAsync(
            async token =>
            {
                await call(token);
                return true;
            },
            bound,
            cancellationToken
        );
}
