using System.Globalization;
using System.Net;
using Habatan.Contracts.Audiences;
using Habatan.Infrastructure.Data;
using Habatan.Notifications.Email;
using Habatan.Notifications.FanOut;
using Habatan.Notifications.Reminders;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Habatan.Notifications.Tests.Reminders;

// Issue #17, point 6: before each batch, members no longer in the audience's condition are
// skipped and reported as "no longer eligible"; nobody is added after approval; the report
// still adds up to the approved count. Through the saga, the real broker and the real SMTP path.
[Collection(ServersCollection.Name)]
public sealed class EligibilityAtSendTimeTests(ServersFixture servers)
{
    private readonly ReminderDriver _driver = new(servers);

    [Fact]
    public async Task MembersNoLongerEligibleAreSkippedAtSendTimeAndReported()
    {
        var members = Population.Generate(300, Population.NewTag("eligible"));
        var subject = ReminderDriver.NewSubject("eligibility");
        var id = await ApprovedButHaltedAsync(subject, members);

        // Between approval and the send: 60 charged in full or withdrew, 30 others opted out of mail.
        var left = members.Take(60).Select(m => m.MemberId).ToHashSet();
        var mailOptedOut = members.Skip(60).Take(30).Select(m => m.MemberId).ToHashSet();
        _driver.Members.LeaveAudience(left);
        _driver.Members.OptOutOfMail(mailOptedOut);
        using (var resume = await _driver.PostAsync(id, "resume"))
            Assert.Equal(HttpStatusCode.NoContent, resume.StatusCode);
        await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.Completed));

        var mailed = members
            .Where(m => m.Email is not null && !left.Contains(m.MemberId) && !mailOptedOut.Contains(m.MemberId))
            .ToList();
        var report = await _driver.ReportAsync(id);
        Assert.Equal(300, report.Approved);
        var ineligibleByMail = members.Count(m =>
            m.Email is not null && (left.Contains(m.MemberId) || mailOptedOut.Contains(m.MemberId))
        );
        Assert.Equal(ineligibleByMail, report.Channels.Single(c => c.Channel == "email").NoLongerEligible);
        // Nobody who left the audience or opted out got the mail, and nobody got it twice.
        await _driver.MailMatchesReportAsync(id, subject, [.. mailed.Select(m => m.Email!)]);
        var inbox = report.Channels.Single(c => c.Channel == "inbox");
        Assert.Equal(members.Count(m => m.InboxOptIn && left.Contains(m.MemberId)), inbox.NoLongerEligible);
        Assert.Equal(members.Count(m => m.InboxOptIn && !left.Contains(m.MemberId)), inbox.Sent);
        Assert.All(
            report.Channels,
            c =>
            {
                Assert.Equal(report.Approved, c.Sent + c.Failed + c.NotSent);
                Assert.InRange(c.NoLongerEligible, 0, c.Skipped);
            }
        );
        // Nobody outside the approved snapshot has a delivery row, then or now.
        Assert.Equal(
            0,
            await servers.Service.ScalarAsync(
                """
                SELECT count(*) FROM reminder_delivery d
                WHERE d.reminder_id = $1
                  AND NOT EXISTS (SELECT 1 FROM snapshot_recipient r
                                  WHERE r.snapshot_id = d.snapshot_id AND r.member_id = d.member_id)
                """,
                id
            )
        );
    }

    [Fact]
    public async Task UnansweredEligibilitySendsNothingUntilMembersAnswers()
    {
        var members = Population.WithEmail(50, "unanswered");
        var subject = ReminderDriver.NewSubject("unanswered");
        var id = await ApprovedButHaltedAsync(subject, members, ["email"]);
        _driver.Members.AnswerEligibility = false;
        try
        {
            using (var resume = await _driver.PostAsync(id, "resume"))
                Assert.Equal(HttpStatusCode.NoContent, resume.StatusCode);
            // Until a check has timed out (10 s): the batch was claimed, asked about and released;
            // never sent, never lost to Unknown. Waited for, not slept: under load the first claim
            // itself may come late. A failure says what Members was asked, where the rows are and
            // what the sender logged (how the renewal's deadlock with the release was found).
            var released = await Eventually.HoldsAsync(
                () =>
                    servers.Service.Logs.Entries.Any(e =>
                        e.Text.Contains($"Reminder {id}: eligibility of a batch", StringComparison.Ordinal)
                    ),
                TimeSpan.FromSeconds(120)
            );
            if (!released)
                Assert.Fail($"No eligibility check timed out within 120 s. {await _driver.WhatHappenedAsync(id)}");
            Assert.Equal(0, _driver.Members.EligibilityAnswered(id));
            Assert.Empty(await servers.MailSink.RecipientCountsAsync(subject));
            var rows = await _driver.RowsAsync(id);
            Assert.True(
                rows.All(r =>
                    r.StartsWith("Pending", StringComparison.Ordinal)
                    || r.StartsWith("Claimed", StringComparison.Ordinal)
                ),
                string.Join("; ", rows)
            );
        }
        finally
        {
            _driver.Members.AnswerEligibility = true;
        }
        await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.Completed));
        if (_driver.Members.EligibilityAnswered(id) == 0)
            Assert.Fail($"Completed with no eligibility check answered. {await _driver.WhatHappenedAsync(id)}");
        var counts = await _driver.SinkCountsAsync(subject, 50);
        Assert.Equal(50, counts.Count);
        Assert.All(counts.Values, c => Assert.Equal(1, c));
    }

    // Approved with the fan-out halted, so every row is planned and none is sent yet.
    // A stop between a batch's claim and its check (the host shutting down) releases the batch.
    // Before, the check gave up before it could release, the rows stayed Claimed and the sweep
    // reported them Unknown, never sent: 150 of 1,200 in ServiceRestartMidFanOutSendsEachRecipientOnce
    // once under load.
    [Fact]
    public async Task ABatchWhoseCheckTheStopCutsOffGoesBackToPendingNotUnknown()
    {
        var (id, claimed) = await ClaimedBatchAsync("stopping");
        Assert.Equal(20, claimed.Count);
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Eligibility.CheckAsync(id, claimed, stopping.Token)
        );

        Assert.Equal(20, await _driver.RowsInAsync(id, DeliveryStatus.Pending));
    }

    // A check whose request the broker never confirms gives up at its timeout and releases the
    // batch. MassTransit's request timeout runs from the send, which waits for the confirm, so
    // such a check once held the sender's loop, and every reminder behind it, until the test's
    // end (a cluster node killed mid-publish in CI). The memory alarm blocks publishers the same
    // way without losing the connection.
    [Fact]
    public async Task ACheckTheBrokerNeverConfirmsGivesUpAndReleasesTheBatch()
    {
        var (id, claimed) = await ClaimedBatchAsync("unconfirmed");

        await servers.RabbitMq.BlockPublishersAsync();
        try
        {
            var checking = Eligibility.CheckAsync(id, claimed, CancellationToken.None);
            // The check's own bound is 10 s; the rest is room for a loaded machine.
            var ended = await Task.WhenAny(checking, Task.Delay(TimeSpan.FromSeconds(40)));
            Assert.True(ended == checking, "the check still waited for the broker after 40 s");
            Assert.Null(await checking);
        }
        finally
        {
            await servers.RabbitMq.UnblockPublishersAsync();
        }
        Assert.Equal(20, await _driver.RowsInAsync(id, DeliveryStatus.Pending));
    }

    // The renewal of a batch's lease skips rows whose lock another statement holds (its sender
    // releasing or recording them) instead of waiting: a renewal that waited could deadlock with
    // the release, the release lost, and the batch was reported Unknown, never sent.
    [Fact]
    public async Task ALeaseRenewalNeverWaitsForARowItsSenderIsWriting()
    {
        var (id, claimed) = await ClaimedBatchAsync("renewing");
        var dataSource = servers.Service.Services.GetRequiredService<NpgsqlDataSource>();
        await using var writer = await dataSource.OpenConnectionAsync();
        await using var writing = await writer.BeginTransactionAsync();
        await using (
            var lockOne = new NpgsqlCommand("SELECT id FROM reminder_delivery WHERE id = $1 FOR UPDATE", writer)
        )
        {
            lockOne.Parameters.Add(new() { Value = claimed[0].Id });
            await lockOne.ExecuteScalarAsync();
        }

        await using var scope = servers.Service.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        // A bound, not a timing: a renewal that waited for the lock would wait until this ends.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var renewed = await ReminderDeliveries.RenewLeasesAsync(
            session,
            [.. claimed.Select(d => d.Id)],
            TimeSpan.FromMinutes(1),
            patience.Token
        );
        await session.CommitAsync(patience.Token);

        Assert.Equal(claimed.Count - 1, renewed);
    }

    private EligibilityAtSendTime Eligibility => servers.Service.Services.GetRequiredService<EligibilityAtSendTime>();

    // An email reminder to 20 members, approved with the fan-out halted, every row claimed here as
    // one batch a sender would take: what a test hands to the check or the renewal itself.
    private async Task<(Guid Id, List<ClaimedDelivery> Claimed)> ClaimedBatchAsync(string what)
    {
        var members = Population.WithEmail(20, what);
        var id = await ApprovedButHaltedAsync(ReminderDriver.NewSubject(what), members, ["email"]);
        return (id, await ClaimAllAsync(id));
    }

    // Every row of the reminder Claimed with a long lease, as a sender's claim leaves them.
    private async Task<List<ClaimedDelivery>> ClaimAllAsync(Guid id) =>
        (
            await servers.Service.TextsAsync(
                """
                UPDATE reminder_delivery
                SET status = 'Claimed', claimed_at = now(), lease_until = now() + interval '10 minutes'
                WHERE reminder_id = $1
                RETURNING id::text || ' ' || member_id
                """,
                id
            )
        ).ConvertAll(Claimed);

    // Said by status: which way each row left, and why.
    // "<id> <member id>", as the claim above returns it.
    private static ClaimedDelivery Claimed(string row) =>
        new(long.Parse(row.Split(' ')[0], CultureInfo.InvariantCulture), row.Split(' ')[1], "email", null, 0);

    private async Task<Guid> ApprovedButHaltedAsync(
        string subject,
        List<AudienceRecipient> members,
        string[]? channels = null
    )
    {
        var (id, view) = await _driver.CreateAndResolveAsync(
            ReminderDriver.Request(subject, members.Count, channels: channels),
            members,
            members.Count,
            nameof(ReminderStateMachine.AwaitingApproval)
        );
        using (var halt = await _driver.PostAsync(id, "halt"))
            Assert.Equal(HttpStatusCode.NoContent, halt.StatusCode);
        await _driver.ApproveAsync(id, view);
        await _driver.WaitForStateAsync(id, nameof(ReminderStateMachine.Sending));
        return id;
    }
}
