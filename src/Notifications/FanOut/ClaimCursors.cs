namespace Habatan.Notifications.FanOut;

// Where this sender's next claim of each reminder starts: just past the last row it claimed.
// A claim reads pending rows in id order, and the rows already sent stay in its way until a
// vacuum (their entries in the pending index, or the whole primary key when the planner's
// statistics still say "all pending"): from the start, a claim at 90 % of 220,000 sent took
// 207-331 ms on stale statistics and tens of ms on fresh ones; from the cursor 0.6 ms, whatever
// the statistics and however much was sent (docs/benchmark.md, "The claim from the sender's cursor").
// Rows behind the cursor can be pending again (a retry come due, a batch whose eligibility check
// went unanswered, an in-app notice swept back): a claim that comes back short sends the next one
// to the start. A hint in one process, not state replicas share: the claim itself (the row's
// status, SKIP LOCKED) decides who sends a row, and a cursor lost in a restart costs one claim.
// The sender runs one pass at a time, so a plain dictionary.
internal sealed class ClaimCursors
{
    private readonly Dictionary<Guid, long> _after = [];

    public long After(Guid reminderId) => _after.GetValueOrDefault(reminderId);

    public void Claimed(Guid reminderId, IReadOnlyList<ClaimedDelivery> claimed, int asked)
    {
        if (claimed.Count < asked)
            _after.Remove(reminderId);
        else
            _after[reminderId] = claimed.Max(d => d.Id);
    }
}
