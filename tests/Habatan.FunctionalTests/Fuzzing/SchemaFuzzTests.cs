using System.Diagnostics;
using System.Net.Http.Headers;
using CsCheck;
using Habatan.FunctionalTests.OpenApi;
using Microsoft.OpenApi;
using Xunit.Abstractions;

namespace Habatan.FunctionalTests.Fuzzing;

// Issue 13, item 10: requests generated from each OpenAPI document (CsCheck, a fixed seed, a
// bounded number per operation and identity) against the live AppHost through the gateway,
// signed in as nobody, a member and each ops role. No answer may be a server error, and every
// answer must be one the operation declares, a problem as problem+json. Every finding is listed.
[Collection(AppHostCollection.Name)]
public sealed class SchemaFuzzTests(AppHostFixture fixture, ITestOutputHelper output)
{
    // Per operation and identity; FUZZ_CASES raises it for a longer local hunt.
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), out var n)
        ? n
        : 40;

    // Sign-in is limited per client address (the fixture allows 60 per 10 s): stay well within it.
    private const int RateLimitedCases = 10;

    // An identity the operation refuses (401/403) this many times in a row is not asked again.
    private const int Refusals = 3;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private const ulong Seed = 20261130;

    [Fact]
    public async Task EveryOperationAnswersEveryIdentityWithoutAServerErrorAndAsDeclared()
    {
        var reader = await fixture.OpsTokenAsync(Accounts.Reviewer);
        var operations = new List<(string Document, string Path, HttpMethod Method, OpenApiOperation Operation)>();
        foreach (var name in ApiDocuments.Names)
        {
            var document = await ApiDocuments.ReadAsync(fixture, reader, name);
            foreach (var (path, item) in document.Paths)
            foreach (var (method, operation) in item.Operations!)
                operations.Add((name, path, method, operation));
        }
        // Rate-limited ones first (their window resets while the rest run); sign-out last, since
        // it ends the session the identity fuzzes with.
        operations =
        [
            .. operations
                .OrderBy(o => o.Operation.Responses!.ContainsKey("429") ? 0 : 1)
                .ThenBy(o => o.Path.EndsWith("sign-out", StringComparison.Ordinal) ? 1 : 0),
        ];

        var findings = new SortedSet<string>(StringComparer.Ordinal);
        var sent = 0;
        var closedEarly = 0;
        var clock = Stopwatch.StartNew();
        foreach (var identity in FuzzIdentity.All)
        {
            // A session of the fuzzer's own: signing out must not end a token other tests share.
            var token = identity.Email is null ? null : await fixture.SignIn.SignInAsync(identity.Email);
            using var client = fixture.CreateGatewayClient();
            client.Timeout = RequestTimeout;
            if (token is not null)
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            foreach (var (document, path, method, operation) in operations)
            {
                var anonymousOnly = operation.Security is not { Count: > 0 };
                if (anonymousOnly != (token is null))
                    continue;
                var cases = operation.Responses!.ContainsKey("429") ? RateLimitedCases : Cases;
                // Each identity draws its own cases: together they cover more of each operation.
                var pcg = new PCG(1, Seed + StableHash($"{identity.Name} {method} {path}"));
                var generator = new RequestGenerator(path, method, operation).Requests;
                var refused = 0;
                for (var i = 0; i < cases && refused < Refusals; i++)
                {
                    var request = generator.Generate(pcg, null, out _);
                    using var message = request.ToMessage();
                    sent++;
                    string? finding;
                    int status;
                    try
                    {
                        using var response = await client.SendAsync(message);
                        status = (int)response.StatusCode;
                        finding = await Conformance.CheckAsync(operation, response);
                    }
                    catch (TaskCanceledException)
                    {
                        (status, finding) = (0, $"no answer within {RequestTimeout.TotalSeconds} s");
                    }
                    catch (HttpRequestException e) when (e.InnerException is IOException)
                    {
                        // The gateway answered before reading a large body (a refusal) and closed
                        // the connection while it was still being sent: no answer to judge.
                        (status, finding) = (0, null);
                        closedEarly++;
                    }
                    refused = status is 401 or 403 ? refused + 1 : 0;
                    if (finding is not null)
                        findings.Add(
                            $"{finding}: {method} {path} ({document}) as {identity.Name}, "
                                + $"input: {request.Describe()}; "
                                + $"sent {request.PathAndQuery[..Math.Min(100, request.PathAndQuery.Length)]}"
                        );
                }
            }
        }

        output.WriteLine(
            $"{sent} requests over {operations.Count} operations in {clock.Elapsed.TotalSeconds:F0} s; "
                + $"{closedEarly} closed while sending; {findings.Count} findings"
        );
        foreach (var finding in findings)
            output.WriteLine(finding);
        Assert.True(
            findings.Count == 0,
            $"{findings.Count} findings in {sent} requests:\n" + string.Join("\n", findings)
        );
    }

    // string.GetHashCode differs between processes; the seed of an operation must not.
    private static ulong StableHash(string text) =>
        text.Aggregate(14695981039346656037UL, (hash, c) => (hash ^ c) * 1099511628211UL) % 1_000_000;
}
