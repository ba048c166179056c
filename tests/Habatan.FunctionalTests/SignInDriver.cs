using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Habatan.FunctionalTests;

// Signs in as a person would: ask for a code, read it from the mail in the SMTP sink, enter it.
public sealed partial class SignInDriver(AppHostFixture fixture)
{
    private static readonly TimeSpan MailPatience = TimeSpan.FromSeconds(60);

    public async Task<string> SignInAsync(string email)
    {
        var code = await RequestCodeAsync(email);
        using var gateway = fixture.CreateGatewayClient();
        using var response = await gateway.PostAsJsonAsync("/api/members/sign-in/verify", new { email, code });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SignedIn>())!.AccessToken;
    }

    // Requests a code and returns it once its mail arrives (a newer mail than any before).
    public async Task<string> RequestCodeAsync(string email)
    {
        var mail = fixture.CreateMailSinkClient();
        var before = (await mail.MessagesToAsync(email)).Select(m => m.Id).ToHashSet();
        using var gateway = fixture.CreateGatewayClient();
        using var response = await gateway.PostAsJsonAsync("/api/members/sign-in/code", new { email });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());

        var messages = await Eventually.GetAsync(() => mail.MessagesToAsync(email), m => m.Any(x => !before.Contains(x.Id)), MailPatience);
        var message = Assert.Single(messages, m => !before.Contains(m.Id));
        return CodePattern().Match(message.PlainText).Value;
    }

    public HttpClient CreateClient(string token)
    {
        var client = fixture.CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex CodePattern();

    private sealed record SignedIn(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);
}
