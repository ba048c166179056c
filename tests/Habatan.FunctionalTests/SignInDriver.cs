using System.Net.Http.Headers;

namespace Habatan.FunctionalTests;

// Signs in as a person would (TestSupport's GatewaySignIn, shared with the benchmark), against
// this fixture's gateway and mail sink.
public sealed class SignInDriver(AppHostFixture fixture)
{
    private readonly GatewaySignIn _signIn = new(fixture.CreateGatewayClient, fixture.CreateMailSinkClient);

    public Task<string> SignInAsync(string email, TimeSpan? mailPatience = null) =>
        WithServerAccountAsync(() => _signIn.SignInAsync(email, mailPatience));

    // Requests a code and returns it once its mail arrives (a newer mail than any before).
    public Task<string> RequestCodeAsync(string email) => WithServerAccountAsync(() => _signIn.RequestCodeAsync(email));

    // A sign-in step that answered 5xx fails with what the servers printed meanwhile.
    private async Task<string> WithServerAccountAsync(Func<Task<string>> step)
    {
        var since = DateTimeOffset.UtcNow;
        try
        {
            return await step();
        }
        catch (HttpRequestException ex) when ((int?)ex.StatusCode >= 500)
        {
            throw new HttpRequestException(
                $"{ex.Message}{Environment.NewLine}The servers printed:{Environment.NewLine}"
                    + await fixture.Logs.FailuresSinceAsync(since),
                ex,
                ex.StatusCode
            );
        }
    }

    public HttpClient CreateClient(string token)
    {
        var client = fixture.CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
