namespace Habatan.TestSupport;

// Polling with a bound: every wait in the tests ends, in success or in a failed assertion.
public static class Eventually
{
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout) =>
        await GetAsync(condition, holds => holds, timeout);

    public static Task<bool> HoldsAsync(Func<bool> condition, TimeSpan timeout) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout);

    // Reads until the value is what the test waits for, or the time is up; returns the last read.
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }
        return value;
    }
}
