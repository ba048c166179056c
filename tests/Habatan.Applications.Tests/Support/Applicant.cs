using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Tests.Support;

// A signed-in member: their own token, their own person details.
public sealed class Applicant(ApplicationsService service)
{
    public string Subject { get; } = TestTokens.NewSubject();
    public Person Person { get; } = Person.New();

    public HttpClient Client() => service.ClientFor(service.Tokens.For(Subject));

    public SubmissionForm Form(string campaignCode) => new(campaignCode, Person);

    public async Task<Answer> SubmitAsync(SubmissionForm form, string? idempotencyKey = null)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions")
        {
            Content = form.ToContent(),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request);
        return await Answer.ReadAsync(response);
    }

    public async Task<Answer> MyPageAsync()
    {
        using var client = Client();
        using var response = await client.GetAsync(new Uri("/api/mypage/applications", UriKind.Relative));
        return await Answer.ReadAsync(response);
    }

    public async Task<Answer> CorrectAsync(string applicationNumber, object correction)
    {
        using var client = Client();
        using var response = await client.PostAsJsonAsync(
            $"/api/mypage/applications/{applicationNumber}/correction",
            correction
        );
        return await Answer.ReadAsync(response);
    }
}

// A response read once: status and body, with the JSON at hand.
public sealed record Answer(HttpStatusCode Status, string Body)
{
    public static async Task<Answer> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, await response.Content.ReadAsStringAsync());

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Number => Json.GetProperty("applicationNumber").GetString()!;

    // The number as the database keeps it (no hyphens).
    public string StoredNumber =>
        ApplicationNumber.TryParse(Number, out var stored) ? stored : throw new InvalidOperationException(Number);

    public IReadOnlyCollection<string> ErrorFields =>
        [.. Json.GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    public string ErrorsText =>
        string.Join(
            " ",
            Json.GetProperty("errors")
                .EnumerateObject()
                .SelectMany(p => p.Value.EnumerateArray().Select(m => m.GetString()))
        );
}
