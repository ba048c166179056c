using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Habatan.FunctionalTests.Notifications;
using Xunit.Abstractions;
using Reminders = Habatan.FunctionalTests.Notifications.ReminderEndToEndTests;

namespace Habatan.FunctionalTests.Fleet;

// RabbitMQ as a cluster (issue #14, point 8): the node most connections use is killed with -9
// while a reminder fans out, another resolves its audience and members sign in. The services
// reconnect to the other nodes and the quorum queues go on there: nothing is lost, nothing is
// handled twice, both reminders complete with reports that add up, every code arrives once.
[Collection(RabbitMqClusterCollection.Name)]
public sealed class RabbitMqClusterTests(RabbitMqClusterFixture fixture, ITestOutputHelper output)
{
    private const int Audience = 120;
    private const int SignIns = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ABrokerNodeKilledWithMinus9LosesNoMessageAndHandlesNoneTwice()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        using var approver = await Reminders.NewApproverAsync(fixture);
        var (campaign, members, _) = await Reminders.ImportAudienceAsync(ops, notCharged: Audience, charged: 0);
        var mail = fixture.CreateMailSinkClient();

        // The first reminder fans out (20 a second: 6 s) when the node dies; the second resolves.
        var fanningOut = await CreateAsync(ops, campaign, messagesPerSecond: 20);
        await Reminders.ApproveAsTwoPeopleAsync(ops, approver, fanningOut.Id);
        await Eventually.GetAsync(() => mail.RecipientCountsAsync(fanningOut.Subject), c => c.Count >= 10, Patience);
        var resolving = await CreateAsync(ops, campaign, messagesPerSecond: 50);
        var signingIn = Enumerable.Range(0, SignIns).Select(_ => Accounts.NewApplicant()).ToList();
        var signIns = signingIn.Select(email => fixture.SignIn.SignInAsync(email)).ToList();

        await AssertEveryServiceQueueIsOnEveryNodeAsync();
        var connections = Enumerable.Range(1, RabbitMqClusterFixture.Nodes).Select(ConnectionsTo).ToList();
        var victim = await ResourceInstances.RunningAsync(
            fixture,
            RabbitMqClusterFixture.ResourceOf(connections.IndexOf(connections.Max()) + 1)
        );
        ResourceInstances.KillServer(victim);
        var clock = Stopwatch.StartNew();
        await fixture.SignIn.RequestCodeAsync(Accounts.NewApplicant());
        var firstCodeAfterKill = clock.Elapsed;

        await Task.WhenAll(signIns);
        await Reminders.StateAsync(ops, fanningOut.Id, "Completed", fixture.Logs);
        await Reminders.ApproveAsTwoPeopleAsync(ops, approver, resolving.Id);
        await Reminders.StateAsync(ops, resolving.Id, "Completed", fixture.Logs);
        var allDone = clock.Elapsed;
        foreach (var reminder in new[] { fanningOut, resolving })
        {
            await AssertReportAddsUpAsync(ops, reminder.Id);
            var counts = await Eventually.GetAsync(
                () => mail.RecipientCountsAsync(reminder.Subject),
                c => c.Count >= Audience,
                Patience
            );
            Assert.Equal(members.Select(m => m.ToLowerInvariant()).Order(), counts.Keys.Order());
            Assert.All(counts.Values, n => Assert.Equal(1, n));
        }
        foreach (var member in signingIn)
            Assert.Single(await mail.MessagesToAsync(member));

        // The supervisor starts the node again; it rejoins the cluster from its data.
        await ResourceInstances.RestartedAsync(fixture, victim, ResourceInstances.BrokerRestart);
        output.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"connections per node {string.Join('/', connections)}; killed {victim.Id}; "
                    + $"first code after the kill {firstCodeAfterKill.TotalSeconds:F1} s; "
                    + $"all done {allDone.TotalSeconds:F1} s; node back after {clock.Elapsed.TotalSeconds:F1} s"
            )
        );
    }

    private sealed record Reminder(Guid Id, string Subject);

    private static async Task<Reminder> CreateAsync(HttpClient ops, string campaign, int messagesPerSecond)
    {
        var subject = $"【はばタンPay+】チャージ期限のご案内 {Guid.NewGuid():N}";
        return new(await Reminders.CreateAsync(ops, campaign, subject, Audience, messagesPerSecond), subject);
    }

    // Sent + failed + not sent = approved on every channel, and all of it sent.
    private static async Task AssertReportAddsUpAsync(HttpClient ops, Guid id)
    {
        foreach (var channel in await Reminders.ReportChannelsAsync(ops, id))
        {
            int Number(string name) => channel.GetProperty(name).GetInt32();
            Assert.Equal(Audience, Number("approved"));
            Assert.Equal(Number("approved"), Number("sent") + Number("failed") + Number("notSent"));
            Assert.Equal((Audience, 0, 0), (Number("sent"), Number("failed"), Number("notSent")));
        }
    }

    // Durable queues are the services' own; the others are the per-process temporary ones.
    private async Task AssertEveryServiceQueueIsOnEveryNodeAsync()
    {
        var queues = JsonDocument
            .Parse(
                await fixture.RabbitMqCtlAsync(
                    1,
                    "list_queues",
                    "name",
                    "type",
                    "durable",
                    "members",
                    "--formatter",
                    "json"
                )
            )
            .RootElement.EnumerateArray()
            .Where(queue => queue.GetProperty("durable").GetBoolean())
            .ToList();
        Assert.NotEmpty(queues);
        Assert.All(
            queues,
            queue =>
                Assert.Equal(
                    ("quorum", RabbitMqClusterFixture.Nodes),
                    (queue.GetProperty("type").GetString(), queue.GetProperty("members").GetArrayLength())
                )
        );
    }

    private int ConnectionsTo(int node) => BrokerConnections.To(fixture.PortOf(node));
}

// Established TCP connections to a local port, from the kernel's table: what a broker serves.
internal static class BrokerConnections
{
    private const string Established = "01";

    public static int To(int port)
    {
        var local = $":{port.ToString("X4", CultureInfo.InvariantCulture)}";
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(fields =>
                fields.Length > 3 && fields[1].EndsWith(local, StringComparison.Ordinal) && fields[3] == Established
            );
    }
}
