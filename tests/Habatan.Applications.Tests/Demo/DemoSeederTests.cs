using Habatan.Applications.Demo;
using Microsoft.Extensions.Time.Testing;

namespace Habatan.Applications.Tests.Demo;

// ./run.sh's demo data (issue #7): an open tranche with a deadline in the future, and the demo
// applicants' applications taken along the review path, published through the outbox; once.
// The seeder works from JST dates, so every test runs at a time it sets on both sides of JST
// midnight (15:00 UTC) and of UTC midnight: the outcome never depends on the hour CI runs.
[Collection(ServersCollection.Name)]
public sealed class DemoSeederTests(ServersFixture servers)
{
    private static readonly Dictionary<string, string> Applicants = DemoApplications.All.ToDictionary(
        a => a.Email,
        _ => TestTokens.NewSubject()
    );

    public static TheoryData<string> AroundMidnights =>
        new() { "2026-06-14T14:59:00Z", "2026-06-14T15:01:00Z", "2026-06-14T23:59:00Z", "2026-06-15T00:01:00Z" };

    [Theory]
    [MemberData(nameof(AroundMidnights))]
    public async Task TheDemoSeedsAnOpenTrancheAndTheApplicantsApplicationsAlongTheReviewPath(string instant)
    {
        var now = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        var database = await servers.Postgres.CreateDatabaseAsync("applications-demo");
        var time = new FakeTimeProvider(now);
        await using (await DemoHost.StartAsync(database, servers.RabbitMq.Address, enabled: true, Applicants, time)) { }
        await using var db = NpgsqlDataSource.Create(database);

        Assert.True(
            await ScalarAsync<bool>(
                db,
                """
                SELECT opens_at < $2 AND closes_at > $2 + interval '30 days' AND suspended_at IS NULL
                FROM campaign
                WHERE code = $1
                """,
                DemoCampaigns.Open,
                now
            )
        );
        Assert.True(
            await ScalarAsync<bool>(
                db,
                "SELECT closes_at < $2 FROM campaign WHERE code = $1",
                DemoCampaigns.Closed,
                now
            )
        );
        Assert.Equal(
            2L,
            await ScalarAsync<long>(
                db,
                "SELECT count(*) FROM campaign_audit WHERE action = 'created' AND actor = $1",
                ApplicationsDemoSeeder.ActorName
            )
        );

        // Each applicant's rows are theirs, by the id the AppHost handed out, in the state review left them.
        Assert.Equal("NeedsCorrection,Invalid", await StatusesAsync(db, DemoApplications.Hanako));
        Assert.Equal("Submitted", await StatusesAsync(db, DemoApplications.Taro));
        Assert.Equal("Accepted", await StatusesAsync(db, DemoApplications.Jiro));
        Assert.Equal("Approved", await StatusesAsync(db, DemoApplications.Sakura));
        // One ID image per valid application; the invalid duplicate keeps none, as for a real one.
        Assert.Equal(
            4L,
            await ScalarAsync<long>(
                db,
                """
                SELECT count(*) FROM application_document d JOIN application a ON a.id = d.application_id
                WHERE a.status <> 'Invalid' AND d.content_type = 'image/png'
                """
            )
        );
        Assert.Equal(
            0L,
            await ScalarAsync<long>(
                db,
                """
                SELECT count(*) FROM application_document d JOIN application a ON a.id = d.application_id
                WHERE a.status = 'Invalid'
                """
            )
        );

        // The review steps published what they cause, for Members and Notifications to act on.
        var approved = await ScalarAsync<string>(
            db,
            "SELECT body::text FROM outbox_message WHERE message_type LIKE '%ApplicationApproved%'"
        );
        Assert.Contains(Applicants[DemoApplications.Sakura], approved, StringComparison.Ordinal);
        Assert.Contains(DemoCampaigns.Open, approved, StringComparison.Ordinal);
        var correction = await ScalarAsync<string>(
            db,
            "SELECT body::text FROM outbox_message WHERE message_type LIKE '%ApplicationCorrectionRequested%'"
        );
        Assert.Contains(Applicants[DemoApplications.Hanako], correction, StringComparison.Ordinal);
        Assert.Contains("本人確認書類", correction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondStartChangesNothing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 14, 15, 1, 0, TimeSpan.Zero));
        var database = await servers.Postgres.CreateDatabaseAsync("applications-demo");
        await using (await DemoHost.StartAsync(database, servers.RabbitMq.Address, enabled: true, Applicants, time)) { }
        await using var db = NpgsqlDataSource.Create(database);
        var first = await FingerprintAsync(db);

        time.Advance(TimeSpan.FromHours(9));
        await using (await DemoHost.StartAsync(database, servers.RabbitMq.Address, enabled: true, Applicants, time)) { }

        Assert.Equal(first, await FingerprintAsync(db));
        Assert.Equal(2L, await ScalarAsync<long>(db, "SELECT count(*) FROM campaign"));
    }

    // The tranche's deadline is 60 days after the first start; a restart 90 days later finds it
    // passed and moves it, audited, as ops would.
    [Theory]
    [MemberData(nameof(AroundMidnights))]
    public async Task ARestartAfterTheDeadlineKeepsTheTrancheOpenAndSaysSoInTheAuditTrail(string instant)
    {
        var time = new FakeTimeProvider(
            DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)
        );
        var database = await servers.Postgres.CreateDatabaseAsync("applications-demo");
        await using (await DemoHost.StartAsync(database, servers.RabbitMq.Address, enabled: true, Applicants, time)) { }
        await using var db = NpgsqlDataSource.Create(database);

        time.Advance(TimeSpan.FromDays(90));
        Assert.True(
            await ScalarAsync<bool>(
                db,
                "SELECT closes_at < $2 FROM campaign WHERE code = $1",
                DemoCampaigns.Open,
                time.GetUtcNow()
            )
        );
        await using (await DemoHost.StartAsync(database, servers.RabbitMq.Address, enabled: true, Applicants, time)) { }

        Assert.True(
            await ScalarAsync<bool>(
                db,
                "SELECT closes_at > $2 + interval '30 days' FROM campaign WHERE code = $1",
                DemoCampaigns.Open,
                time.GetUtcNow()
            )
        );
        Assert.Equal(
            1L,
            await ScalarAsync<long>(
                db,
                "SELECT count(*) FROM campaign_audit WHERE action = 'deadline-extended' AND actor = $1",
                ApplicationsDemoSeeder.ActorName
            )
        );
        Assert.Equal(5L, await ScalarAsync<long>(db, "SELECT count(*) FROM application"));
    }

    [Fact]
    public async Task DisabledSeedsNothing()
    {
        var database = await servers.Postgres.CreateDatabaseAsync("applications-demo");

        var time = TimeProvider.System;
        await using (await DemoHost.StartAsync(database, servers.RabbitMq.Address, enabled: false, Applicants, time))
        { }

        await using var db = NpgsqlDataSource.Create(database);
        Assert.Equal(
            "0/0/0",
            await ScalarAsync<string>(
                db,
                """
                SELECT (SELECT count(*) FROM campaign) || '/' || (SELECT count(*) FROM application)
                    || '/' || (SELECT count(*) FROM outbox_message)
                """
            )
        );
    }

    private static Task<string> StatusesAsync(NpgsqlDataSource db, string applicant) =>
        ScalarAsync<string>(
            db,
            "SELECT string_agg(status, ',' ORDER BY submitted_at, id) FROM application WHERE owner_subject = $1",
            Applicants[applicant]
        );

    // Every row of every table the seeder writes, hashed: a second start must leave all of them as they are.
    private static Task<string> FingerprintAsync(NpgsqlDataSource db) =>
        ScalarAsync<string>(
            db,
            """
            SELECT concat_ws('#',
                (SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)
                    FROM campaign t),
                (SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)
                    FROM campaign_audit t),
                (SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)
                    FROM application t),
                (SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)
                    FROM application_event t),
                (SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)
                    FROM submission_request t),
                (SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0)
                    FROM outbox_message t))
            """
        );

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(new() { Value = parameter });
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
