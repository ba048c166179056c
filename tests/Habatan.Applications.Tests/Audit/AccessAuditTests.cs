namespace Habatan.Applications.Tests.Audit;

// DESIGN.md incident 1, point 6: every read of personal data leaves a row, and an auditor can
// ask who read application X and what actor Y read, from indexes, over a million rows.
[Collection(ServersCollection.Name)]
public sealed class AccessAuditTests(ServersFixture servers)
{
    private ApplicationsService Service => servers.Service;

    [Fact]
    public async Task AnAuditorSeesWhoReadAnApplicationAndWhatAnActorRead()
    {
        var ops = new Ops(Service);
        var code = await ops.OpenCampaignAsync();
        var member = new Applicant(Service);
        var submitted = await member.SubmitAsync(member.Form(code));
        using var reviewer = ops.Reviewer();
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await reviewer.GetAsync(
                    new Uri($"/api/applications/review/applications/{submitted.Number}", UriKind.Relative)
                )
            ).StatusCode
        );
        await member.MyPageAsync();
        using var auditor = ops.Auditor();

        var byApplication = await auditor.GetFromJsonAsync<JsonElement>(
            $"/api/applications/audit/applications/{submitted.Number}/reads"
        );
        var byActor = await auditor.GetFromJsonAsync<JsonElement>(
            $"/api/applications/audit/actors/{ops.ReviewerSubject}/reads"
        );

        Assert.Equal(
            [member.Subject, ops.ReviewerSubject],
            byApplication.EnumerateArray().Select(r => r.GetProperty("actor").GetString())
        );
        var read = Assert.Single(byActor.EnumerateArray());
        Assert.Equal(submitted.Number, read.GetProperty("applicationNumber").GetString());
        Assert.Equal(member.Subject, read.GetProperty("owner").GetString());
        Assert.Contains(
            "representative.address",
            read.GetProperty("fields").EnumerateArray().Select(f => f.GetString())
        );
        Assert.Matches("^[0-9a-f]{32}$", read.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task BothAuditQuestionsUseAnIndexOverAMillionRows()
    {
        var ops = new Ops(Service);
        var code = await ops.OpenCampaignAsync();
        var member = new Applicant(Service);
        var submitted = await member.SubmitAsync(member.Form(code));
        // A million reads spread over the applications there are, by ten thousand actors.
        await using (
            var load = Service.Database.CreateCommand(
                """
                WITH apps AS (
                    SELECT array_agg(id ORDER BY id) AS ids, array_agg(owner_subject ORDER BY id) AS owners
                    FROM application)
                INSERT INTO access_audit (actor_subject, actor_role, owner_subject, application_id, fields, read_at)
                SELECT 'actor-' || (g % 10000), 'reviewer', owners[1 + g % cardinality(ids)],
                    ids[1 + g % cardinality(ids)], ARRAY['representative.name'], now() - g * interval '1 second'
                FROM generate_series(1, 1000000) g, apps
                """
            )
        )
        {
            load.CommandTimeout = 600;
            await load.ExecuteNonQueryAsync();
        }
        await Service.ExecuteAsync("ANALYZE access_audit");

        foreach (
            var (sql, key) in new[]
            {
                (Habatan.Applications.Audit.AuditApi.ByApplicationSql, submitted.StoredNumber),
                (Habatan.Applications.Audit.AuditApi.ByActorSql, "actor-42"),
            }
        )
        {
            var plan = await PlanAsync(sql, key);
            Assert.DoesNotContain("Seq Scan on access_audit", plan, StringComparison.Ordinal);
            Assert.Matches("Index (Only )?Scan.* on access_audit|Bitmap Index Scan on ix_access_audit", plan);
        }
        using var auditor = ops.Auditor();
        var reads = await auditor.GetFromJsonAsync<JsonElement>(
            "/api/applications/audit/actors/actor-42/reads?limit=50"
        );
        Assert.Equal(50, reads.GetArrayLength());
    }

    private async Task<string> PlanAsync(string sql, string key)
    {
        await using var command = Service.Database.CreateCommand("EXPLAIN " + sql);
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = 100 });
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
