using System.Diagnostics;
using System.Globalization;

namespace Habatan.FunctionalTests.Fleet;

// Nothing stays down without a person (issue #14): a service replica or the only broker node
// killed with -9 is started again by the AppHost's supervisor and the system goes on by itself;
// while a service has no replica at all, the gateway says so at once with 503 instead of
// waiting for a timeout.
[Collection(TwoReplicasCollection.Name)]
public sealed class RecoveryTests(TwoReplicasFixture fixture)
{
    private static readonly TimeSpan Restart = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AServiceReplicaKilledWithMinus9IsStartedAgainAndServesAsBefore()
    {
        using var member = fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(Accounts.NewApplicant()));
        var killed = await ResourceInstances.RunningAsync(fixture, "applications");

        ResourceInstances.Kill(killed);
        var restarted = await ResourceInstances.RestartedAsync(fixture, killed, Restart);

        Assert.NotEqual(killed.ProcessId, restarted.ProcessId);
        Assert.All(
            await ResourceInstances.OfAsync(fixture, "applications"),
            i => Assert.Equal(KnownResourceStates.Running, i.State)
        );
        using var myPage = await member.GetAsync(new Uri("/api/mypage/applications", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, myPage.StatusCode);
    }

    // The outbox holds what was written while the broker was down and delivers it once the
    // supervisor has started the broker again: here a sign-in code requested in between.
    [Fact]
    public async Task TheOnlyBrokerNodeKilledWithMinus9IsStartedAgainAndNothingWrittenMeanwhileIsLost()
    {
        var killed = await ResourceInstances.RunningAsync(fixture, "rabbitmq");

        ResourceInstances.KillServer(killed);
        // The code's mail waits for the supervisor's backoff, the node's start and the outbox's
        // next try: on a loaded machine more than the usual minute.
        var signIn = fixture.SignIn.SignInAsync(
            Accounts.NewApplicant(),
            ResourceInstances.BrokerRestart + TimeSpan.FromMinutes(1)
        );
        await ResourceInstances.RestartedAsync(fixture, killed, ResourceInstances.BrokerRestart);

        using var member = fixture.SignIn.CreateClient(await signIn);
        using var myPage = await member.GetAsync(new Uri("/api/mypage/applications", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, myPage.StatusCode);
    }

    // Both replicas killed: until the supervisor has started them again (it waits
    // TwoReplicasFixture.RestartBackoff first), the gateway's health checks find no replica.
    [Fact]
    public async Task WhileAServiceHasNoReplicaTheGatewayAnswers503AtOnceAndServesAgainAfter()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        var reminders = new Uri("/api/notifications/ops/reminders", UriKind.Relative);
        var instances = await ResourceInstances.OfAsync(fixture, "notifications");
        Assert.Equal(TwoReplicasFixture.Replicas, instances.Count);

        foreach (var instance in instances)
            ResourceInstances.Kill(instance);
        // Behind the AppHost's proxy a call to a dead service waits for a replica to return, so
        // only the gateway's health checks can tell; each try here gives up after a moment.
        using var impatient = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        impatient.Timeout = TimeSpan.FromSeconds(3);
        var seen = new List<string>();
        Assert.True(
            await Eventually.HoldsAsync(
                async () =>
                {
                    try
                    {
                        using var answer = await impatient.GetAsync(reminders);
                        seen.Add(((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture));
                        return answer.StatusCode == HttpStatusCode.ServiceUnavailable;
                    }
                    catch (TaskCanceledException)
                    {
                        seen.Add("no answer within 3 s");
                        return false;
                    }
                },
                TwoReplicasFixture.RestartBackoff
            ),
            $"The gateway did not answer 503 while the service had no replica: {string.Join(", ", seen)}."
        );
        var clock = Stopwatch.StartNew();
        using (var refused = await ops.GetAsync(reminders))
        {
            clock.Stop();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"The 503 took {clock.Elapsed}.");
        }

        foreach (var instance in instances)
            await ResourceInstances.RestartedAsync(fixture, instance, Restart);
        Assert.True(
            await Eventually.HoldsAsync(
                async () => (await ops.GetAsync(reminders)).StatusCode == HttpStatusCode.OK,
                Restart
            ),
            "The gateway did not route to the service again once it was started."
        );
    }
}
