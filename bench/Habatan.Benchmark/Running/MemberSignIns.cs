using Habatan.Benchmark.SystemSide;

namespace Habatan.Benchmark.Running;

// Signs in many members through the gateway as people would: each asks for a code, reads it
// from the mail (the benchmark's relay keeps the generated accounts' codes) and verifies it,
// `concurrency` members at a time. Every step is the real one; only the mailbox is the relay.
internal static class MemberSignIns
{
    private static readonly TimeSpan MailPatience = TimeSpan.FromMinutes(2);

    public static async Task<string[]> SignInAsync(
        BenchSystem system,
        IReadOnlyList<string> emails,
        int concurrency,
        ProgressTask progress,
        CancellationToken cancellationToken
    )
    {
        progress.MaxValue = emails.Count;
        var tokens = new string[emails.Count];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = concurrency,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(
            Enumerable.Range(0, emails.Count),
            parallel,
            async (i, ct) =>
            {
                await system.SignIn.RequestCodeOnlyAsync(emails[i]);
                var code = await system.Relay.NextCodeAsync(emails[i], MailPatience, ct);
                tokens[i] = await system.SignIn.VerifyAsync(emails[i], code);
                progress.Increment(1);
            }
        );
        return tokens;
    }
}
