namespace Habatan.Applications.Tests.Support;

// Ops staff with their roles, and campaigns created the way operators create them.
public sealed class Ops(ApplicationsService service)
{
    public string OperatorSubject { get; } = TestTokens.NewSubject();
    public string ReviewerSubject { get; } = TestTokens.NewSubject();
    public string AuditorSubject { get; } = TestTokens.NewSubject();

    public HttpClient Operator() => service.ClientFor(service.Tokens.For(OperatorSubject, "operator"));

    public HttpClient Reviewer() => service.ClientFor(service.Tokens.For(ReviewerSubject, "reviewer"));

    public HttpClient Auditor() => service.ClientFor(service.Tokens.For(AuditorSubject, "auditor"));

    public static string NewCode() => $"kosodate-{Guid.NewGuid():N}"[..30];

    // 子育て応援枠 追加販売 as in the incident: 5,000 yen a unit, 25 % premium, 4 units a household.
    public async Task<string> OpenCampaignAsync(Action<Dictionary<string, object?>>? change = null)
    {
        var code = NewCode();
        var campaign = new Dictionary<string, object?>
        {
            ["code"] = code,
            ["name"] = "子育て応援枠 追加販売",
            ["opensAt"] = DateTimeOffset
                .UtcNow.AddHours(-1)
                .ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            ["closesAt"] = DateTimeOffset
                .UtcNow.AddDays(30)
                .ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            ["unitPriceYen"] = 5000,
            ["premiumRatePercent"] = 25,
            ["unitLimit"] = 4,
            ["householdMembersRequired"] = true,
            ["acceptedDocuments"] = new[] { "drivers-license", "my-number-card", "passport" },
        };
        change?.Invoke(campaign);
        using var client = Operator();
        using var response = await client.PostAsJsonAsync("/api/applications/ops/campaigns", campaign);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (string)campaign["code"]!;
    }

    public async Task<Answer> TransitionAsync(
        string applicationNumber,
        string to,
        string reason = "確認しました",
        string[]? items = null
    )
    {
        using var client = Reviewer();
        using var response = await client.PostAsJsonAsync(
            $"/api/applications/review/applications/{applicationNumber}/transitions",
            new
            {
                to,
                reason,
                items,
            }
        );
        return await Answer.ReadAsync(response);
    }
}
