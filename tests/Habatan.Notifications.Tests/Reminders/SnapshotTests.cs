using System.Net;
using Habatan.Contracts.Audiences;
using Habatan.Notifications.Reminders;

namespace Habatan.Notifications.Tests.Reminders;

// The snapshot arrives in pieces, in any order, maybe twice, maybe damaged: nothing of it is
// trusted until every chunk is there and the set matches the announced count and digest.
[Collection(ServersCollection.Name)]
public sealed class SnapshotTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(false, true, true)]
    public async Task ChunksInAnyOrderAddUpToTheAnnouncedSnapshot(bool chunksFirst, bool shuffle, bool repeat)
    {
        var members = Population.Generate(2000, Population.NewTag("order"));
        var id = await _driver.CreateAsync(ReminderDriver.Request(ReminderDriver.NewSubject("order"), 2000));
        var snapshotId = await _driver.Members.AnswerAsync(
            await _driver.Members.RequestAsync(id),
            members,
            2500,
            new SnapshotShape(chunksFirst, shuffle, RepeatChunks: repeat)
        );

        var view = await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.AwaitingApproval));
        Assert.Equal((snapshotId, 2000), (view.SnapshotId, view.Resolved));
        Assert.Equal(AudienceDigest.Compute(members.Select(m => m.MemberId)), view.Digest);
        Assert.Equal(
            2000,
            await servers.Service.ScalarAsync(
                "SELECT count(*) FROM snapshot_recipient WHERE snapshot_id = $1",
                snapshotId
            )
        );
    }

    [Fact]
    public async Task TamperedChunkIsRefused()
    {
        var members = Population.Generate(1000, Population.NewTag("tamper"));
        var id = await _driver.CreateAsync(ReminderDriver.Request(ReminderDriver.NewSubject("tamper"), 1000));
        await _driver.Members.AnswerAsync(
            await _driver.Members.RequestAsync(id),
            members,
            1000,
            new SnapshotShape(Shuffle: true, TamperFirstChunk: true)
        );

        var view = await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.ReconciliationFailed));
        Assert.Contains("ダイジェスト", view.Problem, StringComparison.Ordinal);
        using var approve = await _driver.ApproveAsync(id, view.SnapshotId, view.Digest);
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
    }

    [Fact]
    public async Task MissingChunkKeepsTheReminderWaitingUntilANewSnapshot()
    {
        var members = Population.Generate(1000, Population.NewTag("missing"));
        var id = await _driver.CreateAsync(ReminderDriver.Request(ReminderDriver.NewSubject("missing"), 1000));
        await _driver.Members.AnswerAsync(
            await _driver.Members.RequestAsync(id),
            members,
            1000,
            new SnapshotShape(DropChunk: 2)
        );

        await Task.Delay(TimeSpan.FromSeconds(3));
        var waiting = await _driver.GetAsync(id);
        Assert.Equal(nameof(ReminderStateMachine.Resolving), waiting.State);
        Assert.Null(waiting.SnapshotId);
        using (var testSend = await _driver.TestSendAsync(id))
            Assert.Equal(HttpStatusCode.Conflict, testSend.StatusCode);

        // The operator asks again; a whole snapshot reconciles.
        using (var resolve = await _driver.PostAsync(id, "resolve"))
            Assert.Equal(HttpStatusCode.Accepted, resolve.StatusCode);
        await _driver.Members.AnswerAsync(await _driver.Members.RequestAsync(id, 1), members, 1000);
        var view = await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.AwaitingApproval));
        Assert.Equal(1000, view.Resolved);
    }

    [Fact]
    public async Task ResolutionFailureIsShown()
    {
        var id = await _driver.CreateAsync(ReminderDriver.Request(ReminderDriver.NewSubject("failed"), 10));
        var request = await _driver.Members.RequestAsync(id);
        await _driver.Members.FailAsync(request, "unknown campaign code");

        var view = await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.AudienceUnavailable));
        Assert.Contains("unknown campaign code", view.Problem, StringComparison.Ordinal);
    }
}
