using Habatan.Infrastructure.Data;

namespace Habatan.Applications.Tests.MyPage;

// DESIGN.md "the database is the last line" (Migrations/0003_row_level_security.sql): under the
// member role a query without any owner filter returns the caller's rows only, and the leak's
// audit row cannot be written; under the ops role every application is there.
[Collection(ServersCollection.Name)]
public sealed class RowLevelSecurityTests(ServersFixture servers)
{
    private ApplicationsService Service => servers.Service;

    [Fact]
    public async Task AnUnfilteredQueryUnderTheMemberRoleReturnsOnlyTheCallersRows()
    {
        var ops = new Ops(Service);
        var code = await ops.OpenCampaignAsync();
        var caller = new Applicant(Service);
        var mine = await caller.SubmitAsync(caller.Form(code));
        var other = new Applicant(Service);
        var theirs = await other.SubmitAsync(other.Form(code));

        await using var session = new DbSession(Service.Database);
        await session.AsMemberAsync(caller.Subject, default);
        // Deliberately no WHERE: the bug RLS is there for.
        var owners = await session.QueryAsync("SELECT owner_subject FROM application", r => r.GetString(0), default);
        var documents = await session.QueryAsync(
            "SELECT a.public_id FROM application_document d JOIN application a ON a.id = d.application_id",
            r => r.GetString(0),
            default
        );
        var events = await session.QueryAsync(
            """
            SELECT count(*) FROM application_event e
            WHERE NOT EXISTS (SELECT FROM application a WHERE a.id = e.application_id)
            """,
            r => r.GetInt64(0),
            default
        );

        Assert.Equal([caller.Subject], owners.Distinct());
        Assert.All(documents, d => Assert.Equal(mine.StoredNumber, d));
        Assert.NotEmpty(documents);
        Assert.Equal(0, events.Single());
        await session.RollbackAsync();

        await session.AsOpsAsync(default);
        var all = await session.QueryAsync(
            "SELECT public_id FROM application WHERE public_id = ANY($1)",
            r => r.GetString(0),
            default,
            (object)new[] { mine.StoredNumber, theirs.StoredNumber }
        );
        Assert.Equal(2, all.Count);
    }

    [Fact]
    public async Task TheMemberRoleCannotWriteTheLeaksAuditRow()
    {
        var (_, victim, _, snooper, id) = await LeakScene.SetUpAsync(Service);

        await using var session = new DbSession(Service.Database);
        await session.AsMemberAsync(snooper.Subject, default);
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            session.ExecuteAsync(
                """
                INSERT INTO access_audit (actor_subject, actor_role, owner_subject, application_id, fields)
                VALUES ($1, 'applicant', $2, $3, ARRAY['status'])
                """,
                default,
                snooper.Subject,
                victim.Subject,
                id
            )
        );
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task MyPageAndTheReviewerReadStillWorkUnderTheirRoles()
    {
        var ops = new Ops(Service);
        var code = await ops.OpenCampaignAsync();
        var member = new Applicant(Service);
        var submitted = await member.SubmitAsync(member.Form(code));

        var page = await member.MyPageAsync();
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(submitted.Number, page.Body, StringComparison.Ordinal);
        using var reviewer = ops.Reviewer();
        using var read = await reviewer.GetAsync(
            new Uri($"/api/applications/review/applications/{submitted.Number}/documents/front", UriKind.Relative)
        );
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
}
