using Habatan.Applications.Audit;
using Habatan.Infrastructure.Retention;

namespace Habatan.Applications.Tests.Audit;

// #18 point 4, as Audit/Retention.cs and Infrastructure/Retention/RetentionJob.cs hold it: audit
// rows past their period and ID images past the period after review ended go, in batches; what
// is inside its period stays; a replica that finds another at work on a rule leaves it alone.
// The clock is fixed in 2020, before every row other tests write, so only this test's rows age.
[Collection(ServersCollection.Name)]
public sealed class RetentionTests(ServersFixture servers)
{
    private static readonly DateTimeOffset Now = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ApplicationsService Service => servers.Service;

    [Fact]
    public async Task RowsPastTheirPeriodAreRemovedAndTheRestStays()
    {
        var ops = new Ops(Service);
        var code = await ops.OpenCampaignAsync();
        var done = await SubmitAsync(code, "Approved", Now.AddDays(-100));
        var recent = await SubmitAsync(code, "Rejected", Now.AddDays(-10));
        var underReview = await SubmitAsync(code, "Submitted", Now.AddDays(-400));
        var reader = TestTokens.NewSubject();
        await ReadAsync(reader, done, Now.AddYears(-6));
        await ReadAsync(reader, done, Now.AddYears(-4));
        var job = Service.Services.GetRequiredService<RetentionJob>();

        var removed = await job.RunOnceAsync(Now, default);

        Assert.True(removed[Retention.AccessAudit.Name] >= 1);
        Assert.True(removed[Retention.IdImages.Name] >= 2);
        Assert.Equal(0, await ImagesAsync(done));
        Assert.Equal(2, await ImagesAsync(recent));
        Assert.Equal(2, await ImagesAsync(underReview));
        Assert.Equal([Now.AddYears(-4)], await ReadTimesAsync(reader));
    }

    [Fact]
    public async Task ARuleAnotherReplicaHoldsIsLeftAlone()
    {
        var ops = new Ops(Service);
        var code = await ops.OpenCampaignAsync();
        var application = await SubmitAsync(code, "Approved", Now.AddDays(-10));
        var reader = TestTokens.NewSubject();
        await ReadAsync(reader, application, Now.AddYears(-7));
        var job = Service.Services.GetRequiredService<RetentionJob>();

        await using (var otherReplica = await Service.Database.OpenConnectionAsync())
        {
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", otherReplica);
            take.Parameters.Add(new() { Value = RetentionJob.LockName(Retention.AccessAudit) });
            await take.ExecuteNonQueryAsync();

            var skipped = await job.RunOnceAsync(Now, default);

            Assert.False(skipped.ContainsKey(Retention.AccessAudit.Name));
            Assert.Single(await ReadTimesAsync(reader));
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", otherReplica);
            await release.ExecuteNonQueryAsync();
        }
        var removed = await job.RunOnceAsync(Now, default);
        Assert.True(removed[Retention.AccessAudit.Name] >= 1);
        Assert.Empty(await ReadTimesAsync(reader));
    }

    private async Task<string> SubmitAsync(string code, string status, DateTimeOffset updatedAt)
    {
        var member = new Applicant(Service);
        var number = (await member.SubmitAsync(member.Form(code))).StoredNumber;
        await Service.ExecuteAsync(
            "UPDATE application SET status = $2, updated_at = $3 WHERE public_id = $1",
            number,
            status,
            updatedAt
        );
        return number;
    }

    private Task ReadAsync(string reader, string number, DateTimeOffset at) =>
        Service.ExecuteAsync(
            """
            INSERT INTO access_audit (actor_subject, actor_role, owner_subject, application_id, fields, read_at)
            SELECT $1, 'reviewer', owner_subject, id, ARRAY['representative.name'], $2
            FROM application WHERE public_id = $3
            """,
            reader,
            at,
            number
        );

    private Task<long> ImagesAsync(string number) =>
        Service.ScalarAsync(
            """
            SELECT count(*) FROM application_document d JOIN application a ON a.id = d.application_id
            WHERE a.public_id = $1
            """,
            number
        );

    private async Task<List<DateTimeOffset>> ReadTimesAsync(string reader)
    {
        await using var command = Service.Database.CreateCommand(
            "SELECT read_at FROM access_audit WHERE actor_subject = $1 ORDER BY read_at"
        );
        command.Parameters.Add(new() { Value = reader });
        var times = new List<DateTimeOffset>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
            times.Add(rows.GetFieldValue<DateTimeOffset>(0));
        return times;
    }
}
