using System.Net;
using System.Net.Http.Json;
using Habatan.Notifications.Campaigns;

namespace Habatan.Notifications.Tests.Campaigns;

// Incident 2, point 6: the お詫びと訂正 goes to exactly the recipients of campaign X who should
// not have had it (X's delivery records minus the audience that should have), through the same
// reconciliation and approval.
[Collection(ServersCollection.Name)]
public sealed class CorrectionTests(ServersFixture servers)
{
    private readonly CampaignDriver _driver = new(servers);

    [Fact]
    public async Task CorrectionReachesExactlyTheOverSentSet()
    {
        var members = Population.Generate(1200, Population.NewTag("correction"));
        var intended = members.Take(900).ToList();
        var overSent = members.Skip(900).ToList();
        var subject = CampaignDriver.NewSubject("reminder");
        // Campaign X went to all 1,200 (say the declared figure itself was wrong).
        var (original, view) = await _driver.CreateAndResolveAsync(CampaignDriver.Request(subject, 1200), members, 1200, nameof(CampaignStateMachine.AwaitingApproval));
        await _driver.ApproveAsync(original, view);
        await _driver.WaitForStateAsync(original, nameof(CampaignStateMachine.Completed));

        var correctionSubject = CampaignDriver.NewSubject("お詫びと訂正");
        var request = CampaignDriver.Request(correctionSubject, declared: 300) with { Body = "先ほどお送りした{キャンペーン名}のご案内は、誤ってお送りしたものです。" };
        Guid correction;
        using (var client = _driver.Operator)
        using (var created = await client.PostAsJsonAsync($"/api/notifications/ops/campaigns/{original}/corrections", request))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            correction = (await created.Content.ReadFromJsonAsync<CampaignCreated>())!.Id;
        }
        // Members resolves the audience that should have received X.
        await _driver.Members.AnswerAsync(await _driver.Members.RequestAsync(correction), intended, 1200);
        var reconciled = await _driver.WaitForStateAsync(correction, nameof(CampaignStateMachine.AwaitingApproval));
        Assert.Equal((300, 300, 1200), (reconciled.Declared, reconciled.Resolved, reconciled.Bound));
        Assert.Equal(original, reconciled.CorrectionOf);

        await _driver.ApproveAsync(correction, reconciled);
        await _driver.WaitForStateAsync(correction, nameof(CampaignStateMachine.Completed));

        var planned = await servers.Service.ScalarAsync("SELECT count(DISTINCT member_id) FROM campaign_delivery WHERE campaign_id = $1", correction);
        Assert.Equal(300, planned);
        Assert.Equal(0, await servers.Service.ScalarAsync(
            "SELECT count(*) FROM campaign_delivery WHERE campaign_id = $1 AND member_id = ANY($2)", correction, intended.Select(m => m.MemberId).ToArray()));
        var counts = await Eventually.GetAsync(() => servers.MailSink.RecipientCountsAsync(correctionSubject),
            c => c.Count >= overSent.Count(m => m.Email is not null), CampaignDriver.Patience);
        Assert.Equal(overSent.Where(m => m.Email is not null).Select(m => m.Email!.ToLowerInvariant()).Order(), counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task CorrectionCountMismatchStopsToo()
    {
        var members = Population.Generate(200, Population.NewTag("correction-count"));
        var (original, view) = await _driver.CreateAndResolveAsync(CampaignDriver.Request(CampaignDriver.NewSubject("x"), 200), members, 200, nameof(CampaignStateMachine.AwaitingApproval));
        await _driver.ApproveAsync(original, view);
        await _driver.WaitForStateAsync(original, nameof(CampaignStateMachine.Completed));

        Guid correction;
        using (var client = _driver.Operator)
        using (var created = await client.PostAsJsonAsync($"/api/notifications/ops/campaigns/{original}/corrections", CampaignDriver.Request(CampaignDriver.NewSubject("訂正"), 10)))
            correction = (await created.Content.ReadFromJsonAsync<CampaignCreated>())!.Id;
        await _driver.Members.AnswerAsync(await _driver.Members.RequestAsync(correction), members.Take(150).ToList(), 200);

        var stopped = await _driver.WaitForStateAsync(correction, nameof(CampaignStateMachine.ReconciliationFailed));
        Assert.Equal((10, 50, 200), (stopped.Declared, stopped.Resolved, stopped.Bound));
    }

    [Fact]
    public async Task CorrectionOfACampaignNotYetSentIsRefused()
    {
        var members = Population.Generate(20, Population.NewTag("correction-early"));
        var (original, _) = await _driver.CreateAndResolveAsync(CampaignDriver.Request(CampaignDriver.NewSubject("y"), 20), members, 20, nameof(CampaignStateMachine.AwaitingApproval));
        using var client = _driver.Operator;
        using var created = await client.PostAsJsonAsync($"/api/notifications/ops/campaigns/{original}/corrections", CampaignDriver.Request(CampaignDriver.NewSubject("訂正"), 10));
        Assert.Equal(HttpStatusCode.Conflict, created.StatusCode);
    }
}
