using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Habatan.Benchmark.Data;
using Npgsql;

namespace Habatan.Benchmark.SystemSide;

// Applications' intake as the portal drives it: an operator opens a tranche
// (POST /api/applications/ops/campaigns), then each signed-in applicant sends the multipart
// submission (POST /api/applications/submissions, Idempotency-Key) with both ID images. A new
// tranche per burst, so every submission of every run is a valid first application.
internal static class ApplicationsIntake
{
    public const string Probe = "/api/applications/campaigns";
    private static readonly string[] AcceptedDocuments = ["drivers-license"];

    public static async Task<string> OpenTrancheAsync(HttpClient ops, string label, CancellationToken cancellationToken)
    {
        var code = $"bench-{label}-{Guid.NewGuid():N}"[..36];
        using var response = await ops.PostAsJsonAsync(
            "/api/applications/ops/campaigns",
            new
            {
                code,
                name = "子育て応援枠 追加販売（ベンチマーク）",
                opensAt = DateTimeOffset
                    .UtcNow.AddHours(-1)
                    .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                closesAt = DateTimeOffset
                    .UtcNow.AddDays(1)
                    .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                unitPriceYen = Campaigns.UnitPriceYen,
                premiumRatePercent = 25,
                unitLimit = 4,
                householdMembersRequired = true,
                acceptedDocuments = AcceptedDocuments,
            },
            cancellationToken
        );
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException(
                $"Opening a tranche answered {(int)response.StatusCode}: "
                    + await response.Content.ReadAsStringAsync(cancellationToken)
            );
        return code;
    }

    // Returns the HTTP status: the burst counts 201s and 5xx from it.
    // One client for the whole burst (its connection pool), the applicant's token per request.
    public static async Task<int> SubmitAsync(
        HttpClient client,
        string token,
        string campaignCode,
        int i,
        byte[] front,
        byte[] back,
        CancellationToken cancellationToken
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions")
        {
            Content = Form(campaignCode, Applicants.Get(i), front, back),
        };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }

    public static async Task<int> ReadMyPageAsync(HttpClient client, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/mypage/applications");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return (int)response.StatusCode;
    }

    // Valid applications the tranche holds, read from Applications' database by the benchmark's
    // superuser: the check that every 201 is a stored row and nothing else is.
    public static async Task<long> RowsStoredAsync(
        NpgsqlConnectionStringBuilder superuser,
        string campaignCode,
        CancellationToken cancellationToken
    )
    {
        var builder = new NpgsqlConnectionStringBuilder(superuser.ConnectionString) { Database = "applicationsdb" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM application a JOIN campaign c ON c.id = a.campaign_id
            WHERE c.code = $1 AND a.status <> 'Invalid'
            """,
            connection
        )
        {
            Parameters = { new() { Value = campaignCode } },
        };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static MultipartFormDataContent Form(string campaignCode, Applicant a, byte[] front, byte[] back)
    {
        var (familyName, givenName) = Split(a.NameKanji);
        var (familyKana, givenKana) = Split(a.NameKana);
        var application = new JsonObject
        {
            ["campaignCode"] = campaignCode,
            ["units"] = a.Units,
            ["representative"] = new JsonObject
            {
                ["familyName"] = familyName,
                ["givenName"] = givenName,
                ["familyNameKana"] = familyKana,
                ["givenNameKana"] = givenKana,
                ["birthDate"] = a.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["gender"] = a.Gender,
                ["phone"] = a.Phone,
                ["email"] = a.Email,
                ["postalCode"] = a.PostalCode,
                ["address"] = a.Address,
            },
            ["householdMembers"] = new JsonArray(
                new JsonObject
                {
                    ["familyName"] = familyName,
                    ["givenName"] = "太郎",
                    ["familyNameKana"] = familyKana,
                    ["givenNameKana"] = "タロウ",
                    ["birthDate"] = "2018-05-05",
                    ["relationship"] = "child",
                }
            ),
            ["documentType"] = "drivers-license",
            ["consents"] = new JsonObject { ["terms"] = true, ["privacy"] = true },
        };
        return new MultipartFormDataContent
        {
            { new StringContent(application.ToJsonString()), "application" },
            { Image(front), "idFront", "front.png" },
            { Image(back), "idBack", "back.png" },
        };
    }

    private static ByteArrayContent Image(byte[] bytes)
    {
        var image = new ByteArrayContent(bytes);
        image.Headers.ContentType = new("image/png");
        return image;
    }

    private static (string Family, string Given) Split(string name)
    {
        var parts = name.Split(' ', 2);
        return (parts[0], parts[1]);
    }
}
