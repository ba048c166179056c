namespace Habatan.Benchmark.Running;

// Signs in many members through the gateway as people would (code by mail, then verify), in
// batches: request a batch's codes, read them from the emptied mail sink, verify them. Reading
// per address (as the tests do) would scan the whole sink once per member.
internal static class MemberSignIns
{
    private const int BatchSize = 200;
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
        var sink = system.MailSink();
        await sink.DeleteAllAsync();
        var tokens = new string[emails.Count];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = concurrency,
            CancellationToken = cancellationToken,
        };
        for (var start = 0; start < emails.Count; start += BatchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(BatchSize, emails.Count - start)).ToList();
            await Parallel.ForEachAsync(
                batch,
                parallel,
                async (i, _) => await system.SignIn.RequestCodeOnlyAsync(emails[i])
            );

            var mails = await Eventually.GetAsync(sink.AllMessagesAsync, m => m.Count >= batch.Count, MailPatience);
            var codes = mails.ToDictionary(
                m => m.To.Single(),
                m => GatewaySignIn.CodeIn(m.PlainText),
                StringComparer.OrdinalIgnoreCase
            );
            var missing = batch.Count(i => !codes.ContainsKey(emails[i]));
            if (missing > 0)
                throw new InvalidOperationException(
                    $"{missing} of {batch.Count} sign-in mails did not arrive within {MailPatience}."
                );
            await sink.DeleteAllAsync();

            await Parallel.ForEachAsync(
                batch,
                parallel,
                async (i, _) =>
                {
                    tokens[i] = await system.SignIn.VerifyAsync(emails[i], codes[emails[i]]);
                    progress.Increment(1);
                }
            );
        }
        return tokens;
    }
}
