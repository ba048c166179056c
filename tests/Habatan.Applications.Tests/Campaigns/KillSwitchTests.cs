namespace Habatan.Applications.Tests.Campaigns;

// DESIGN.md incident 1, point 7, as Campaigns/KillSwitch.cs pulls it: intake and My Page stop
// at once for a suspended campaign and come back on resume, each reach for the switch audited.
[Collection(ServersCollection.Name)]
public sealed class KillSwitchTests(ServersFixture servers)
{
    private ApplicationsService Service => servers.Service;

    [Fact]
    public async Task SuspendingStopsIntakeAndMyPageAtOnceAndResumingBringsThemBack()
    {
        var ops = new Ops(Service);
        var code = await ops.OpenCampaignAsync();
        var member = new Applicant(Service);
        var submitted = await member.SubmitAsync(member.Form(code));
        var later = new Applicant(Service);

        using var client = ops.Operator();
        using (
            var suspended = await client.PostAsJsonAsync(
                $"/api/applications/ops/campaigns/{code}/suspend",
                new { reason = "マイページの表示不具合の調査" }
            )
        )
            Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);

        var refused = await later.SubmitAsync(later.Form(code));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal("このキャンペーンは一時停止中です。", refused.Json.GetProperty("title").GetString());
        var page = await member.MyPageAsync();
        Assert.Empty(page.Json.GetProperty("applications").EnumerateArray());
        Assert.DoesNotContain(submitted.Number, page.Body, StringComparison.Ordinal);
        Assert.Contains(
            "一時停止中",
            page.Json.GetProperty("suspendedCampaigns")[0].GetProperty("message").GetString(),
            StringComparison.Ordinal
        );
        Assert.Equal("Suspended", (await CampaignAsync(code)).GetProperty("state").GetString());
        var correction = await member.CorrectAsync(submitted.Number, new { note = "x" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, correction.Status);
        Assert.Equal("このキャンペーンは一時停止中です。", correction.Json.GetProperty("title").GetString());

        using (
            var resumed = await client.PostAsJsonAsync(
                $"/api/applications/ops/campaigns/{code}/resume",
                new { reason = "修正を確認" }
            )
        )
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await later.SubmitAsync(later.Form(code))).Status);
        var shown = (await member.MyPageAsync()).Json.GetProperty("applications")[0];
        Assert.Equal(submitted.Number, shown.GetProperty("applicationNumber").GetString());

        var audit = await client.GetFromJsonAsync<JsonElement>($"/api/applications/ops/campaigns/{code}/audit");
        Assert.Equal(
            ["created", "suspended", "resumed"],
            audit.EnumerateArray().Select(a => a.GetProperty("action").GetString())
        );
        Assert.All(audit.EnumerateArray(), a => Assert.Equal(ops.OperatorSubject, a.GetProperty("actor").GetString()));
        Assert.Equal("マイページの表示不具合の調査", audit[1].GetProperty("reason").GetString());
    }

    private async Task<JsonElement> CampaignAsync(string code)
    {
        using var anonymous = Service.CreateClient();
        var campaigns = await anonymous.GetFromJsonAsync<JsonElement>("/api/applications/campaigns");
        return campaigns.EnumerateArray().Single(c => c.GetProperty("code").GetString() == code);
    }
}
