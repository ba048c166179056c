using Habatan.Benchmark.SystemSide;

namespace Habatan.Benchmark.Running;

// Signs in many members through the gateway as people would: each asks for a code, reads it
// from the mail (the benchmark's relay keeps the generated accounts' codes) and verifies it,
// `concurrency` members at a time. Every step is the real one; only the mailbox is the relay.
// A code that has not come within MailPatience is asked for again, as a member taps "send the
// code again"; how many were is a figure of its own (a mail the relay or a send lost). Each member
// comes from an address of its own (PeopleAddresses), so production's per-client limits hold.
internal static class MemberSignIns
{
    private static readonly TimeSpan MailPatience = TimeSpan.FromSeconds(30);
    private const int MaxRequests = 3;

    public static async Task<SignInRun> SignInAsync(
        BenchSystem system,
        IReadOnlyList<string> emails,
        int concurrency,
        ProgressTask progress,
        CancellationToken cancellationToken
    )
    {
        progress.MaxValue = emails.Count;
        var tokens = new string[emails.Count];
        var askedAgain = 0;
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
                var address = PeopleAddresses.Of(i);
                for (var request = 1; ; request++)
                {
                    await system.SignIn.RequestCodeOnlyAsync(emails[i], address);
                    try
                    {
                        var code = await system.Relay.NextCodeAsync(emails[i], MailPatience, ct);
                        tokens[i] = await system.SignIn.VerifyAsync(emails[i], code, address);
                        break;
                    }
                    catch (TimeoutException) when (request < MaxRequests)
                    {
                        Interlocked.Increment(ref askedAgain);
                    }
                }
                progress.Increment(1);
            }
        );
        return new SignInRun(tokens, askedAgain);
    }
}

internal sealed record SignInRun(string[] Tokens, int CodesAskedAgain);
