using System.Collections.Concurrent;

namespace Habatan.TestSupport;

// A value made once per key and shared by the tests that follow (an ops account's sign-in, a
// browser's signed-in state), unless making it failed: a failure is not kept, so the next caller
// tries again. A sign-in made while a drill had the broker down once failed every later test of
// its fixture within a millisecond, long after the broker was back.
public sealed class OnceUnlessFailed<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _made = new(StringComparer.Ordinal);

    public async Task<T> GetAsync(string key, Func<string, Task<T>> make)
    {
        var once = _made.GetOrAdd(key, k => new Lazy<Task<T>>(() => make(k)));
        try
        {
            return await once.Value;
        }
        catch
        {
            _made.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(key, once));
            throw;
        }
    }
}
