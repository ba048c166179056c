using System.Net.Http.Headers;

namespace Habatan.FunctionalTests;

// Signs in as a person would (TestSupport's GatewaySignIn, shared with the benchmark), against
// this fixture's gateway and mail sink.
public sealed class SignInDriver(AppHostFixture fixture)
{
    private readonly GatewaySignIn _signIn = new(fixture.CreateGatewayClient, fixture.CreateMailSinkClient);

    public Task<string> SignInAsync(string email, TimeSpan? mailPatience = null) =>
        _signIn.SignInAsync(email, mailPatience);

    // Requests a code and returns it once its mail arrives (a newer mail than any before).
    public Task<string> RequestCodeAsync(string email) => _signIn.RequestCodeAsync(email);

    public HttpClient CreateClient(string token)
    {
        var client = fixture.CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
