using System.Diagnostics;
using Habatan.Infrastructure.Data;
using Habatan.Members.Audit;
using Habatan.Members.Entitlements;
using Habatan.Members.Imports;

namespace Habatan.Members.Tests.Audit;

// DESIGN.md incident 1, point 6, in Members: an operator's read of a member's entitlements
// writes exactly one access-audit row (actor, whose, which fields, trace id) in the reading
// transaction; a read of an unknown member reads nothing and writes nothing, as in
// Applications; and every auditor question is answered from an index over a million rows.
[Collection(ServersCollection.Name)]
public sealed class EntitlementReadAuditTests(ServersFixture servers)
{
    private MembersService Service => servers.Service;

    private async Task<(string MemberId, string Campaign)> EntitledMemberAsync()
    {
        var email = $"member@{GeneratedMembers.NewDomain()}";
        var campaign = GeneratedMembers.NewCampaign("kosodate");
        GeneratedMember member = new(email, true, true, null, new GeneratedEntitlement(campaign, 2, 10000, 4000));
        Assert.Equal(
            "imported",
            (await Service.ImportAsync(ImportKind.Roster, GeneratedMembers.RosterCsv([member]))).Status
        );
        Assert.Equal(
            "imported",
            (await Service.ImportAsync(ImportKind.Entitlements, GeneratedMembers.EntitlementsCsv([member]))).Status
        );
        return (
            (string)(await Service.ScalarAsync("SELECT public_id FROM member WHERE email_normalized = $1", email))!,
            campaign
        );
    }

    // One request's unit of work, under a trace of its own, as the ops route runs it.
    private async Task<(MemberEntitlements? Read, string TraceId)> ReadAsOperatorAsync(string memberId, string actor)
    {
        // Started by hand, as ASP.NET Core starts one per request: Activity.Current is what the
        // audit row takes its trace id from.
        using var activity = new Activity("GET entitlements").SetIdFormat(ActivityIdFormat.W3C).Start();
        var read = await Service.WithSessionAsync(async session =>
        {
            var reader = new EntitlementReader(session, new AccessAudit(session));
            var entitlements = await reader.ReadAsync(memberId, actor, CancellationToken.None);
            await session.CommitAsync();
            return entitlements;
        });
        return (read, activity.TraceId.ToString());
    }

    [Fact]
    public async Task AnOperatorsReadOfAMembersEntitlementsWritesExactlyOneAuditRow()
    {
        var (memberId, campaign) = await EntitledMemberAsync();
        var (otherId, _) = await EntitledMemberAsync();
        var actor = TestTokens.NewSubject();

        var (read, traceId) = await ReadAsOperatorAsync(memberId, actor);

        Assert.Equal(memberId, read!.MemberId);
        var entitlement = Assert.Single(read.Entitlements);
        Assert.Equal(
            (campaign, 10000L, 4000L),
            (entitlement.CampaignCode, entitlement.WonAmountYen, entitlement.ChargedAmountYen)
        );
        var row = Assert.Single(
            await Service.RowsAsync(
                """
                SELECT actor_subject, actor_role, owner_subject, import_id, fields, trace_id FROM access_audit
                WHERE actor_subject = $1
                """,
                actor
            )
        );
        Assert.Equal([actor, "operator", memberId, null, EntitlementReader.ReadFields.ToArray(), traceId], row);
        // The other member's data was not read, so nobody is recorded as having seen it.
        Assert.Equal(
            0L,
            await Service.ScalarAsync("SELECT count(*) FROM access_audit WHERE owner_subject = $1", otherId)
        );
    }

    [Fact]
    public async Task AnUnknownMemberReadsNothingAndWritesNoRow()
    {
        var actor = TestTokens.NewSubject();
        var unknown = TestTokens.NewSubject();

        var (read, _) = await ReadAsOperatorAsync(unknown, actor);

        Assert.Null(read);
        Assert.Equal(
            0L,
            await Service.ScalarAsync(
                "SELECT count(*) FROM access_audit WHERE actor_subject = $1 OR owner_subject = $2",
                actor,
                unknown
            )
        );
    }

    [Fact]
    public async Task AReadWhoseTransactionDoesNotCommitLeavesNoAuditRowBehindAndNoReadWithoutOne()
    {
        var (memberId, _) = await EntitledMemberAsync();
        var actor = TestTokens.NewSubject();

        // The unit of work ends without commit (the request failed after the read): the audit
        // row goes with it, and so does the answer, which is only sent after the commit.
        await Service.WithSessionAsync(async session =>
            await new EntitlementReader(session, new AccessAudit(session)).ReadAsync(
                memberId,
                actor,
                CancellationToken.None
            )
        );

        Assert.Equal(
            0L,
            await Service.ScalarAsync("SELECT count(*) FROM access_audit WHERE actor_subject = $1", actor)
        );
    }

    [Fact]
    public async Task EveryAuditQuestionUsesAnIndexOverAMillionRows()
    {
        var (memberId, _) = await EntitledMemberAsync();
        var importId = (Guid)
            (await Service.ScalarAsync("SELECT id FROM member_import ORDER BY started_at DESC LIMIT 1"))!;
        await Service.WithSessionAsync(async session =>
        {
            // A million reads by ten thousand operators: nine in ten of members, one in ten of
            // import error cells.
            await using var load = await session.CommandAsync(
                """
                INSERT INTO access_audit (actor_subject, actor_role, owner_subject, import_id, fields, read_at)
                SELECT 'actor-' || (g % 10000), 'operator',
                       CASE WHEN g % 10 <> 0 THEN md5(g::text) END, CASE WHEN g % 10 = 0 THEN $1::uuid END,
                       ARRAY['entitlements.wonAmountYen'], now() - g * interval '1 second'
                FROM generate_series(1, 1000000) g
                """
            );
            load.CommandTimeout = 600;
            load.Parameters.Add(new() { Value = importId });
            await load.ExecuteNonQueryAsync();
            await session.ExecuteAsync("ANALYZE access_audit", CancellationToken.None);
            await session.CommitAsync();
            return 0;
        });

        foreach (
            var (sql, key) in new (string, object)[]
            {
                (AuditApi.ByMemberSql, memberId),
                (AuditApi.ByActorSql, "actor-42"),
                (AuditApi.ByImportSql, Guid.NewGuid()),
            }
        )
        {
            var plan = string.Join(
                '\n',
                (await Service.RowsAsync("EXPLAIN " + sql, key, 100)).Select(r => (string)r[0]!)
            );
            Assert.DoesNotContain("Seq Scan on access_audit", plan, StringComparison.Ordinal);
            Assert.Matches("Index (Only )?Scan.* on access_audit|Bitmap Index Scan on ix_access_audit", plan);
        }
        var reads = await Service.WithSessionAsync(session =>
            session.QueryAsync(AuditApi.ByActorSql, r => r.GetString(0), CancellationToken.None, "actor-42", 50)
        );
        Assert.Equal(50, reads.Count);
    }
}
