using System.Globalization;

namespace Habatan.Applications.Tests.Campaigns;

// Issue 4, point 1 and DESIGN.md incident 1, point 7: windows in JST and deadline extension,
// each audited (the kill switch has KillSwitchTests).
[Collection(ServersCollection.Name)]
public sealed class CampaignTests(ServersFixture servers)
{
    private ApplicationsService Service => servers.Service;

    [Fact]
    public async Task ACampaignIsPublicWithItsWindowInJst()
    {
        var code = await new Ops(Service).OpenCampaignAsync(c =>
        {
            c["opensAt"] = "2025-10-23T10:00";
            c["closesAt"] = "2099-11-21T20:00";
        });
        using var anonymous = Service.CreateClient();

        var campaigns = await anonymous.GetFromJsonAsync<JsonElement>("/api/applications/campaigns");

        var campaign = campaigns.EnumerateArray().Single(c => c.GetProperty("code").GetString() == code);
        Assert.Equal("2025-10-23T10:00:00+09:00", campaign.GetProperty("opensAt").GetString());
        Assert.Equal("2099-11-21T20:00:00+09:00", campaign.GetProperty("closesAt").GetString());
        Assert.Equal(5000, campaign.GetProperty("unitPriceYen").GetInt64());
        Assert.Equal("Open", campaign.GetProperty("state").GetString());
        Assert.Equal(
            "2025-10-23 01:00:00",
            await Service.TextAsync(
                "SELECT to_char(opens_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM campaign WHERE code = $1",
                code
            )
        );
    }

    [Theory]
    [InlineData(-48, -24, HttpStatusCode.Conflict, "受付期間が終了しています。")]
    [InlineData(24, 48, HttpStatusCode.Conflict, "まだ受付期間前です。")]
    public async Task OutsideTheWindowASubmissionIsRefusedWithTheWindow(
        int opensInHours,
        int closesInHours,
        HttpStatusCode status,
        string title
    )
    {
        var code = await new Ops(Service).OpenCampaignAsync(c =>
        {
            c["opensAt"] = DateTimeOffset
                .UtcNow.AddHours(opensInHours)
                .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            c["closesAt"] = DateTimeOffset
                .UtcNow.AddHours(closesInHours)
                .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        });
        var member = new Applicant(Service);

        var answer = await member.SubmitAsync(member.Form(code));

        Assert.Equal(status, answer.Status);
        Assert.Equal(title, answer.Json.GetProperty("title").GetString());
        Assert.Contains("年", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            0,
            await Service.ScalarAsync("SELECT count(*) FROM application WHERE owner_subject = $1", member.Subject)
        );
    }

    [Fact]
    public async Task ExtendingTheDeadlineReopensIntakeAndIsAudited()
    {
        var ops = new Ops(Service);
        var code = await ops.OpenCampaignAsync(c =>
        {
            c["opensAt"] = DateTimeOffset
                .UtcNow.AddDays(-3)
                .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            c["closesAt"] = DateTimeOffset
                .UtcNow.AddMinutes(-5)
                .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        });
        var member = new Applicant(Service);
        Assert.Equal(HttpStatusCode.Conflict, (await member.SubmitAsync(member.Form(code))).Status);
        using var client = ops.Operator();

        using var earlier = await client.PostAsJsonAsync(
            $"/api/applications/ops/campaigns/{code}/deadline",
            new { closesAt = "2020-01-01T00:00", reason = "誤り" }
        );
        Assert.Equal(HttpStatusCode.UnprocessableEntity, earlier.StatusCode);
        using var extended = await client.PostAsJsonAsync(
            $"/api/applications/ops/campaigns/{code}/deadline",
            new { closesAt = "2099-11-25T20:00", reason = "受付停止の分を延長" }
        );
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await member.SubmitAsync(member.Form(code))).Status);
        var audit = await client.GetFromJsonAsync<JsonElement>($"/api/applications/ops/campaigns/{code}/audit");
        var entry = audit.EnumerateArray().Single(a => a.GetProperty("action").GetString() == "deadline-extended");
        Assert.Contains("2099年11月25日 20:00", entry.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyOperatorsRunCampaigns()
    {
        var ops = new Ops(Service);
        var code = await ops.OpenCampaignAsync();
        var member = new Applicant(Service);
        using var applicant = member.Client();
        using var reviewer = ops.Reviewer();

        foreach (var client in new[] { applicant, reviewer })
        {
            Assert.Equal(
                HttpStatusCode.Forbidden,
                (
                    await client.PostAsJsonAsync(
                        $"/api/applications/ops/campaigns/{code}/suspend",
                        new { reason = "x" }
                    )
                ).StatusCode
            );
            Assert.Equal(
                HttpStatusCode.Forbidden,
                (
                    await client.PostAsJsonAsync("/api/applications/ops/campaigns", new { code = Ops.NewCode() })
                ).StatusCode
            );
        }
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (
                await Service
                    .CreateClient()
                    .PostAsJsonAsync($"/api/applications/ops/campaigns/{code}/suspend", new { reason = "x" })
            ).StatusCode
        );
        Assert.Equal(
            0,
            await Service.ScalarAsync(
                "SELECT count(*) FROM campaign WHERE code = $1 AND suspended_at IS NOT NULL",
                code
            )
        );
    }

    [Fact]
    public async Task ABadCampaignIsRefusedFieldByField()
    {
        using var client = new Ops(Service).Operator();

        using var response = await client.PostAsJsonAsync(
            "/api/applications/ops/campaigns",
            new
            {
                code = "Bad Code",
                name = "",
                opensAt = "tomorrow",
                closesAt = "2020-01-01T00:00",
                unitPriceYen = -5000,
                premiumRatePercent = 250,
                unitLimit = 0,
                acceptedDocuments = new[] { "library-card" },
            }
        );
        var answer = await Answer.ReadAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal(
            [
                "acceptedDocuments",
                "code",
                "householdMembersRequired",
                "name",
                "opensAt",
                "premiumRatePercent",
                "unitLimit",
                "unitPriceYen",
            ],
            answer.ErrorFields.Order(StringComparer.Ordinal)
        );
    }

    // The one campaign-code rule of every service (Contracts/Campaigns/CampaignCode): Members
    // stores the approval's entitlement under this code, so any other spelling is refused here
    // rather than becoming a second campaign there. A final newline is refused too (.NET's $
    // would have let it through; the database's CHECK would not).
    [Theory]
    [InlineData("HABATAN-2026-IPPAN")]
    [InlineData("kosodate-2026\n")]
    [InlineData(" kosodate-2026")]
    public async Task ACampaignCodeInAnotherSpellingIsRefused(string code)
    {
        using var client = new Ops(Service).Operator();

        using var response = await client.PostAsJsonAsync(
            "/api/applications/ops/campaigns",
            new
            {
                code,
                name = "子育て応援枠",
                opensAt = "2026-10-23T10:00",
                closesAt = "2026-11-21T20:00",
                unitPriceYen = 5000,
                premiumRatePercent = 25,
                unitLimit = 4,
                householdMembersRequired = true,
                acceptedDocuments = new[] { "passport" },
            }
        );
        var answer = await Answer.ReadAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Equal(["code"], answer.ErrorFields);
        Assert.Equal(
            0,
            await Service.ScalarAsync(
                "SELECT count(*) FROM campaign WHERE lower(trim(code)) = $1",
                code.Trim().ToLowerInvariant()
            )
        );
    }

    private async Task<JsonElement> CampaignAsync(string code)
    {
        using var anonymous = Service.CreateClient();
        var campaigns = await anonymous.GetFromJsonAsync<JsonElement>("/api/applications/campaigns");
        return campaigns.EnumerateArray().Single(c => c.GetProperty("code").GetString() == code);
    }
}
