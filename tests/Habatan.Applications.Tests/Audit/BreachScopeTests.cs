using System.Diagnostics;
using System.Text;
using Habatan.Applications.Audit;

namespace Habatan.Applications.Tests.Audit;

// #18 point 1, as Audit/BreachScope.cs answers it: a replayed leak (rows as a route without its
// owner filter would have written them) becomes a report by person, with the items the
// authority asks for, in JSON and CSV, from the leak's own index even over a million reads.
[Collection(ServersCollection.Name)]
public sealed class BreachScopeTests(ServersFixture servers, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string LeakyRoute = "/api/mypage/applications/{number}/leaky";

    private ApplicationsService Service => servers.Service;

    [Fact]
    public async Task TheReportListsEveryoneWhoseDataAnotherMemberReadWithTheItemsTheAuthorityAsksFor()
    {
        var leak = await ReplayLeakAsync();
        using var auditor = new Ops(Service).Auditor();

        var report = await auditor.GetFromJsonAsync<JsonElement>(Url(leak, "&stage=final&cause=" + Cause));

        var summary = report.GetProperty("summary");
        Assert.Equal("確報", summary.GetProperty("stage").GetString());
        Assert.Equal(2, summary.GetProperty("peopleAffected").GetInt32());
        Assert.True(summary.GetProperty("myNumberCardIncluded").GetBoolean());
        Assert.False(summary.GetProperty("myNumberIncluded").GetBoolean());
        Assert.Equal(4, summary.GetProperty("reads").GetInt32());
        Assert.Equal(1, summary.GetProperty("readers").GetInt32());
        Assert.Equal("owner filter missing", summary.GetProperty("cause").GetString());
        var items = summary.GetProperty("items").EnumerateArray().Select(i => i.GetString()).ToList();
        Assert.Contains(PersonalDataItems.MyNumberCard, items);
        Assert.Contains(PersonalDataItems.Address, items);
        var card = Single(report, leak.CardHolder.Subject);
        Assert.Equal(3, card.GetProperty("reads").GetInt32());
        Assert.Equal([leak.Snooper.Subject], card.GetProperty("readers").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(2, card.GetProperty("traceIds").GetArrayLength());
        var other = Single(report, leak.Other.Subject);
        Assert.Equal(
            [PersonalDataItems.ApplicationStatus],
            other.GetProperty("items").EnumerateArray().Select(i => i.GetString())
        );
        // The owner's own read and the reviewer's read are not the leak.
        Assert.DoesNotContain(leak.Reviewer, report.GetRawText(), StringComparison.Ordinal);

        var byReader = await auditor.GetFromJsonAsync<JsonElement>(Url(leak, "&reader=someone-else"));
        Assert.Equal(0, byReader.GetProperty("summary").GetProperty("peopleAffected").GetInt32());
        var byRoute = await auditor.GetFromJsonAsync<JsonElement>(
            Url(leak, "&route=" + Uri.EscapeDataString(LeakyRoute))
        );
        Assert.Equal(2, byRoute.GetProperty("summary").GetProperty("peopleAffected").GetInt32());

        using var csv = await auditor.GetAsync(new Uri(Url(leak, "&cause=" + Cause, ".csv"), UriKind.Relative));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains("\"本人の数\",2", text, StringComparison.Ordinal);
        Assert.Contains("\"マイナンバーカードの画像を含む\",\"含む\"", text, StringComparison.Ordinal);
        Assert.Contains(BreachScopeCsv.SubjectsHeader, text, StringComparison.Ordinal);
        Assert.Contains($"\"{leak.CardHolder.Subject}\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingWindowIsRefusedNamingTheField()
    {
        using var auditor = new Ops(Service).Auditor();
        using var response = await auditor.GetAsync(
            new Uri("/api/applications/audit/breach-scope?to=2026-05-01T00:00&stage=later", UriKind.Relative)
        );
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("from", out _));
        Assert.True(errors.TryGetProperty("stage", out _));
        using var member = new Applicant(Service).Client();
        using var forbidden = await member.GetAsync(
            new Uri("/api/applications/audit/breach-scope?from=2026-05-01T00:00&to=2026-05-02T00:00", UriKind.Relative)
        );
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task TheReportUsesTheLeakIndexOverAMillionReads()
    {
        var leak = await ReplayLeakAsync();
        await using (
            var load = Service.Database.CreateCommand(
                """
                WITH apps AS (
                    SELECT array_agg(id ORDER BY id) AS ids, array_agg(owner_subject ORDER BY id) AS owners
                    FROM application)
                INSERT INTO access_audit (actor_subject, actor_role, owner_subject, application_id, fields, read_at)
                SELECT CASE WHEN g % 2 = 0 THEN 'reviewer-' || (g % 100) ELSE owners[1 + g % cardinality(ids)] END,
                       CASE WHEN g % 2 = 0 THEN 'reviewer' ELSE 'applicant' END,
                       owners[1 + g % cardinality(ids)], ids[1 + g % cardinality(ids)], ARRAY['status'],
                       $1::timestamptz - g * interval '1 second'
                FROM generate_series(1, 1000000) g, apps
                """
            )
        )
        {
            load.Parameters.Add(new() { Value = leak.To });
            load.CommandTimeout = 600;
            await load.ExecuteNonQueryAsync();
        }
        await Service.ExecuteAsync("ANALYZE access_audit");

        await using (var explain = Service.Database.CreateCommand("EXPLAIN " + BreachScope.LeakReadsSql))
        {
            foreach (object value in new object[] { leak.From.AddDays(-30), leak.To, DBNull.Value, DBNull.Value, 1000 })
                explain.Parameters.Add(new() { Value = value, NpgsqlDbType = TypeOf(value) });
            var plan = new StringBuilder();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                plan.AppendLine(reader.GetString(0));
            Assert.Contains("ix_access_audit_leak", plan.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan on access_audit", plan.ToString(), StringComparison.Ordinal);
        }

        using var auditor = new Ops(Service).Auditor();
        var clock = Stopwatch.StartNew();
        var report = await auditor.GetFromJsonAsync<JsonElement>(
            $"/api/applications/audit/breach-scope?from={Time(leak.From.AddDays(-30))}&to={Time(leak.To)}"
        );
        clock.Stop();
        var rows = await Service.ScalarAsync("SELECT count(*) FROM access_audit");
        output.WriteLine($"breach-scope report over {rows} audit rows: {clock.ElapsedMilliseconds} ms");
        Assert.True(report.GetProperty("summary").GetProperty("peopleAffected").GetInt32() >= 2);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"report took {clock.Elapsed}");
    }

    private const string Cause = "owner%20filter%20missing";

    private static NpgsqlTypes.NpgsqlDbType TypeOf(object value) =>
        value switch
        {
            DateTimeOffset => NpgsqlTypes.NpgsqlDbType.TimestampTz,
            int => NpgsqlTypes.NpgsqlDbType.Integer,
            _ => NpgsqlTypes.NpgsqlDbType.Text,
        };

    private static JsonElement Single(JsonElement report, string subject) =>
        Assert.Single(
            report.GetProperty("subjects").EnumerateArray(),
            s => s.GetProperty("subject").GetString() == subject
        );

    private static string Time(DateTimeOffset at) =>
        Uri.EscapeDataString(
            at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)
        );

    private static string Url(Leak leak, string more, string format = "") =>
        $"/api/applications/audit/breach-scope{format}?from={Time(leak.From)}&to={Time(leak.To)}{more}";

    // Two members' applications read by a third through a route without its owner filter: the
    // card holder's ID image (a My Number card's front), birth date and address, the other's status.
    // The card holder's own read and a reviewer's read are there too, and are not the leak.
    private async Task<Leak> ReplayLeakAsync()
    {
        var ops = new Ops(Service);
        var code = await ops.OpenCampaignAsync();
        var cardHolder = new Applicant(Service);
        var cardForm = cardHolder
            .Form(code)
            .With("documentType", Habatan.Applications.Campaigns.DocumentTypes.MyNumberCard);
        cardForm.Back = null;
        var card = await cardHolder.SubmitAsync(cardForm);
        var other = new Applicant(Service);
        var status = await other.SubmitAsync(other.Form(code));
        var snooper = new Applicant(Service);
        var from = new DateTimeOffset(2026, 4, 30, 15, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(1, 3000));
        var reads = new (Applicant Owner, Answer Application, string Actor, string Role, string[] Fields, int Trace)[]
        {
            (cardHolder, card, snooper.Subject, "applicant", ["documents.front.image"], 1),
            (cardHolder, card, snooper.Subject, "applicant", ["representative.birthDate"], 1),
            (cardHolder, card, snooper.Subject, "applicant", ["representative.address"], 2),
            (other, status, snooper.Subject, "applicant", ["applicationNumber", "status"], 3),
            (cardHolder, card, cardHolder.Subject, "applicant", ["status"], 4),
            (cardHolder, card, ops.ReviewerSubject, "reviewer", ["representative.name"], 5),
        };
        var minute = 0;
        foreach (var read in reads)
            await Service.ExecuteAsync(
                """
                INSERT INTO access_audit
                    (actor_subject, actor_role, owner_subject, application_id, fields, read_at, trace_id, route)
                SELECT $1, $2, owner_subject, id, $3, $4, $5, $6 FROM application WHERE public_id = $7
                """,
                read.Actor,
                read.Role,
                read.Fields,
                from.AddMinutes(++minute),
                $"{read.Trace:x32}",
                LeakyRoute,
                read.Application.StoredNumber
            );
        return new Leak(from, from.AddHours(1), cardHolder, other, snooper, ops.ReviewerSubject);
    }

    private sealed record Leak(
        DateTimeOffset From,
        DateTimeOffset To,
        Applicant CardHolder,
        Applicant Other,
        Applicant Snooper,
        string Reviewer
    );
}
