using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Habatan.TestSupport;

// Signs in through the gateway as a person would: ask for a code, read it from the mail in the
// SMTP sink, enter it. Shared by the functional tests and the benchmark, which signs in many
// members at once and so reads the codes itself (RequestCodeOnlyAsync, CodeIn, VerifyAsync).
// forwardedFor: the person's address as a balancer the gateway trusts names it (X-Forwarded-For),
// for a caller that plays many people at many addresses.
public sealed partial class GatewaySignIn(
    Func<HttpClient> createGatewayClient,
    Func<MailSinkClient> createMailSinkClient
)
{
    private static readonly TimeSpan MailPatience = TimeSpan.FromSeconds(60);

    // mailPatience: how long the code's mail may take (a minute unless a test knows it waits on
    // something, such as a broker being started again).
    public async Task<string> SignInAsync(string email, TimeSpan? mailPatience = null) =>
        await VerifyAsync(email, await RequestCodeAsync(email, mailPatience));

    // Requests a code and returns it once its mail arrives (a newer mail than any before).
    public async Task<string> RequestCodeAsync(string email, TimeSpan? mailPatience = null)
    {
        var patience = mailPatience ?? MailPatience;
        var mail = createMailSinkClient();
        var before = (await mail.MessagesToAsync(email)).Select(m => m.Id).ToHashSet();
        await RequestCodeOnlyAsync(email);

        var messages = await Eventually.GetAsync(
            () => mail.MessagesToAsync(email),
            m => m.Any(x => !before.Contains(x.Id)),
            patience
        );
        var arrived = messages.Where(m => !before.Contains(m.Id)).ToList();
        if (arrived.Count != 1)
            throw new InvalidOperationException(
                $"Expected one new sign-in mail to the address, found {arrived.Count} within {patience}."
            );
        return CodeIn(arrived[0].PlainText);
    }

    public async Task RequestCodeOnlyAsync(string email, string? forwardedFor = null)
    {
        using var response = await PostPatientlyAsync("/api/members/sign-in/code", new { email }, forwardedFor);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new HttpRequestException(
                $"Code request answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}",
                null,
                response.StatusCode
            );
    }

    // Returns the access token.
    public async Task<string> VerifyAsync(string email, string code, string? forwardedFor = null)
    {
        using var response = await PostPatientlyAsync("/api/members/sign-in/verify", new { email, code }, forwardedFor);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException(
                $"Verify answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}",
                null,
                response.StatusCode
            );
        return (await response.Content.ReadFromJsonAsync<SignedIn>())!.AccessToken;
    }

    // As a person would after the portal's "少し時間をおいてから": a window of the gateway's sign-in
    // limit that another test (or another benchmark member) filled, or a database that could not
    // answer for a moment (503, DatabaseUnavailableHandler), is waited out, a few times at most.
    // Members' own per-address limit carries no Retry-After and is never retried.
    private async Task<HttpResponseMessage> PostPatientlyAsync(string path, object body, string? forwardedFor)
    {
        using var gateway = createGatewayClient();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            if (forwardedFor is not null)
                request.Headers.Add("X-Forwarded-For", forwardedFor);
            var response = await gateway.SendAsync(request);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            var refusedForNow =
                response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
                && retryAfter is not null;
            if (!refusedForNow || attempt == RateLimitTries)
                return response;
            response.Dispose();
            // One second more: the shared window counts whole seconds and closes after its last.
            var wait = retryAfter!.Value + TimeSpan.FromSeconds(1);
            await Task.Delay(wait < MaxRetryAfter ? wait : MaxRetryAfter);
        }
    }

    private const int RateLimitTries = 3;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(15);

    public static string CodeIn(string plainText) => CodePattern().Match(plainText).Value;

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex CodePattern();

    private sealed record SignedIn(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);
}
