using System.Diagnostics;
using Habatan.Applications.Audit;
using Habatan.Applications.Lifecycle;
using Habatan.Applications.MyPage;
using Microsoft.Extensions.Logging;

namespace Habatan.Applications.Tests.Audit;

// DESIGN.md "a leak stops itself", as Audit/LeakTripwire.cs pulls it: a read of one member's data
// by another is forced through the access audit (no route does it, so the test calls it as a
// buggy route would), and the campaign's kill switch is tripped within a second.
[Collection(ServersCollection.Name)]
public sealed class LeakTripwireTests(ServersFixture servers)
{
    private ApplicationsService Service => servers.Service;

    [Fact]
    public async Task AMemberReadingAnotherMembersDataTripsTheKillSwitchWithinASecond()
    {
        var (code, victim, submitted, snooper, id) = await LeakScene.SetUpAsync(Service);

        var clock = Stopwatch.StartNew();
        await ForceLeakAsync(snooper, victim, id);
        var suspendedAt = await Service.ScalarAsync(
            "SELECT count(*) FROM campaign WHERE code = $1 AND suspended_at IS NOT NULL",
            code
        );
        Assert.Equal(1, suspendedAt);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"tripped after {clock.Elapsed}");

        // Intake and My Page stop until a person resumes them.
        var later = new Applicant(Service);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await later.SubmitAsync(later.Form(code))).Status);
        Assert.DoesNotContain(submitted.Number, (await victim.MyPageAsync()).Body, StringComparison.Ordinal);
        // The leak's row stays for the breach-scope report; the switch's reach is audited.
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                "SELECT count(*) FROM access_audit WHERE application_id = $1 AND actor_subject = $2",
                id,
                snooper.Subject
            )
        );
        Assert.Equal(
            LeakTripwire.Actor,
            await Service.TextAsync(
                """
                SELECT x.actor FROM campaign_audit x JOIN campaign c ON c.id = x.campaign_id
                WHERE c.code = $1 AND x.action = 'suspended'
                """,
                code
            )
        );
        Assert.Contains(
            Service.Logs.Entries,
            e => e.Level == LogLevel.Error && e.Text.Contains(code, StringComparison.Ordinal)
        );
        Assert.DoesNotContain(Service.Logs.Entries, e => e.Text.Contains(snooper.Subject, StringComparison.Ordinal));
        await servers.Published.WaitForAsync(
            PublishedMessages.LeakDetected,
            m => m.GetProperty("campaignCode").GetString() == code
        );

        // The same leak again: recorded and refused, but the admins are not told twice.
        await ForceLeakAsync(snooper, victim, id);
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM campaign_audit x JOIN campaign c ON c.id = x.campaign_id
                WHERE c.code = $1 AND x.actor = 'tripwire'
                """,
                code
            )
        );
        Assert.Equal(
            2,
            await Service.ScalarAsync("SELECT count(*) FROM access_audit WHERE actor_subject = $1", snooper.Subject)
        );
    }

    [Fact]
    public async Task AMemberReadingTheirOwnDataAndAReviewerReadingAnyTripNothing()
    {
        var ops = new Ops(Service);
        var code = await ops.OpenCampaignAsync();
        var member = new Applicant(Service);
        var submitted = await member.SubmitAsync(member.Form(code));
        Assert.Equal(HttpStatusCode.OK, (await member.MyPageAsync()).Status);
        using var reviewer = ops.Reviewer();
        using var read = await reviewer.GetAsync(
            new Uri($"/api/applications/review/applications/{submitted.Number}", UriKind.Relative)
        );
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(
            0,
            await Service.ScalarAsync(
                "SELECT count(*) FROM campaign WHERE code = $1 AND suspended_at IS NOT NULL",
                code
            )
        );
        Assert.Equal(
            "/api/applications/review/applications/{number}",
            await Service.TextAsync(
                "SELECT route FROM access_audit WHERE actor_subject = $1 ORDER BY id DESC LIMIT 1",
                ops.ReviewerSubject
            )
        );
    }

    // As a route without its owner filter would: the snooper's read of the victim's application.
    private async Task ForceLeakAsync(Applicant snooper, Applicant victim, long id)
    {
        await using var scope = Service.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AccessAudit>();
        await Assert.ThrowsAsync<AccessLeakRefusedException>(() =>
            audit.RecordAsync(snooper.Subject, Actor.Applicant, victim.Subject, id, MyPageReader.ShownFields, default)
        );
    }
}
