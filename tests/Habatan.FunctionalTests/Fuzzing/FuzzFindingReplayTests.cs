using System.Text;

namespace Habatan.FunctionalTests.Fuzzing;

// Each server error the fuzzer found, replayed as it was sent, so a fixed one stays fixed whatever
// the seed draws next time. No answer may be a 5xx.
[Collection(AppHostCollection.Name)]
public sealed class FuzzFindingReplayTests(AppHostFixture fixture)
{
    [Theory]
    [InlineData("/api/session/code", "{}")]
    [InlineData("/api/session/code", "-1")]
    [InlineData("/api/session/verify", "deep")]
    public async Task TheGatewaysOwnEndpointsAnswerUnreadableJsonWithAProblem(string path, string body)
    {
        using var gateway = fixture.CreateGatewayClient();
        var json = body == "deep" ? new string('[', 5_000) + new string(']', 5_000) : body;
        using var response = await gateway.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
    }

    [Fact]
    public async Task ANulInAQueryValueIsNotAServerError()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        using var response = await ops.GetAsync("/api/members/ops/audiences?campaignCode=a%00b&limit=1");
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
    }

    // The application's JSON with an escaped lone surrogate (JsonElement.GetString() cannot read it).
    [Fact]
    public async Task ALoneSurrogateInTheApplicationIsNotAServerError()
    {
        using var member = fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(Accounts.NewApplicant()));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("{\"campaignCode\":\"a\\ud800b\",\"units\":1}", Encoding.UTF8), "application" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions") { Content = form };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await member.SendAsync(request);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
    }
}
