namespace Habatan.Notifications.FanOut;

// Throttle: a bucket of `rate` tokens per second holding at most one second's worth, so a
// reminder never exceeds its rate even after a pause. Take waits for at least one token and
// returns how many of the wanted it got.
public sealed class TokenBucket(int ratePerSecond, TimeProvider time)
{
    private readonly double _rate = Math.Max(1, ratePerSecond);
    private double _tokens;
    private long _last = time.GetTimestamp();

    public int Rate => (int)_rate;

    public async Task<int> TakeAsync(int wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            Refill();
            if (_tokens >= 1)
            {
                var granted = (int)Math.Min(wanted, Math.Floor(_tokens));
                _tokens -= granted;
                return granted;
            }
            await Task.Delay(TimeSpan.FromSeconds((1 - _tokens) / _rate), time, cancellationToken);
        }
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(_rate, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * _rate);
        _last = now;
    }
}
