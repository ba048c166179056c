using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Habatan.Gateway.Tests.Support;

// The two calls these tests make through a gateway: one that needs a session (Members' /me)
// and one that counts against the sign-in limit (a code request).
internal static class GatewayCalls
{
    public static async Task<HttpResponseMessage> MeResponseAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/members/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    public static async Task<HttpStatusCode> MeAsync(HttpClient client, string token)
    {
        using var response = await MeResponseAsync(client, token);
        return response.StatusCode;
    }

    public static async Task<HttpStatusCode> RequestCodeAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync(
            "/api/members/sign-in/code",
            new { email = "someone@example.jp" }
        );
        return response.StatusCode;
    }
}
