using Habatan.Contracts.Audiences;
using Habatan.Members.Audiences;

namespace Habatan.Members.Tests.Audiences;

// DESIGN.md, incident 2, point 2, replayed: the reminder's audience is computed in SQL over
// typed columns and must equal a plain reference computation over the same data: withdrawn
// members, members with no reachable channel, fully charged members and members of another
// campaign are all in the data, and none of them is ever a recipient.
[Collection(ServersCollection.Name)]
public sealed class AudienceResolutionTests(ServersFixture servers)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private MembersService Service => servers.Service;

    private sealed record Generated(
        string Campaign,
        List<GeneratedMember> Members,
        Dictionary<string, string> PublicIds
    );

    private async Task<Generated> GenerateAsync(int count, int seed)
    {
        var random = new Random(seed);
        var domain = GeneratedMembers.NewDomain();
        var campaign = GeneratedMembers.NewCampaign();
        var otherCampaign = GeneratedMembers.NewCampaign("other");
        var members = Enumerable
            .Range(0, count)
            .Select(i =>
            {
                var units = random.Next(1, 5);
                var won = units * 5000L;
                // Charged: nothing, part, all (fully charged), in roughly equal shares.
                var charged = random.Next(3) switch
                {
                    0 => 0,
                    1 => random.NextInt64(1, won),
                    _ => won,
                };
                var entitlement = random.Next(10) switch
                {
                    < 7 => new GeneratedEntitlement(campaign, units, won, charged),
                    < 9 => new GeneratedEntitlement(otherCampaign, units, won, 0),
                    _ => null,
                };
                return new GeneratedMember(
                    $"m{i}@{domain}",
                    random.Next(2) == 0,
                    random.Next(4) != 0,
                    random.Next(8) == 0 ? new DateOnly(2026, 1, 15) : null,
                    entitlement
                );
            })
            .ToList();

        return new Generated(campaign, members, await Service.ImportMembersAsync(members));
    }

    // The reference: the rule written out plainly over the generated data.
    private static List<GeneratedMember> Reference(Generated data) =>
        data
            .Members.Where(m => m.Entitlement is { } e && e.CampaignCode == data.Campaign && e.ChargedYen < e.WonYen)
            .Where(m => m.WithdrawnOn is null)
            .Where(m => m.EmailOptIn || m.InboxOptIn)
            .ToList();

    private Task<(AudienceResolved Resolved, List<AudienceChunk> Chunks)> ResolveAsync(string campaign) =>
        AudienceRequests.ResolveAsync(Service, AudienceNames.WonNotFullyCharged, campaign);

    [Fact]
    public async Task TheAudienceEqualsTheReferenceComputationAndNoWithdrawnMemberIsInIt()
    {
        var data = await GenerateAsync(2400, seed: 20261128);
        var expected = Reference(data);
        var withdrawn = data
            .Members.Where(m => m.WithdrawnOn is not null)
            .Select(m => data.PublicIds[m.Email])
            .ToHashSet();
        // The data holds every kind of member the audience must leave out.
        Assert.Contains(data.Members, m => m.Entitlement?.CampaignCode == data.Campaign && m.WithdrawnOn is not null);
        Assert.Contains(
            data.Members,
            m => m.Entitlement?.CampaignCode == data.Campaign && !m.EmailOptIn && !m.InboxOptIn
        );
        Assert.Contains(
            data.Members,
            m => m.Entitlement is { } e && e.CampaignCode == data.Campaign && e.ChargedYen == e.WonYen
        );
        Assert.Contains(data.Members, m => m.Entitlement is { } e && e.CampaignCode != data.Campaign);

        var (resolved, chunks) = await ResolveAsync(data.Campaign);

        var recipients = chunks.OrderBy(c => c.Index).SelectMany(c => c.Recipients).ToList();
        var expectedIds = expected.Select(m => data.PublicIds[m.Email]).ToList();
        Assert.Equal(expectedIds.Order(StringComparer.Ordinal), recipients.Select(r => r.MemberId));
        Assert.Equal(expected.Count, resolved.Count);
        Assert.Equal(data.Members.Count(m => m.Entitlement?.CampaignCode == data.Campaign), resolved.Bound);
        Assert.Equal(AudienceDigest.Compute(expectedIds), resolved.Digest);
        Assert.Equal(
            Enumerable.Range(0, (expected.Count + MembersService.ChunkSize - 1) / MembersService.ChunkSize),
            chunks.Select(c => c.Index).Order()
        );
        Assert.All(chunks, c => Assert.InRange(c.Recipients.Count, 1, MembersService.ChunkSize));
        // Channels as the send needs them: the address only where mail is allowed.
        var byId = expected.ToDictionary(m => data.PublicIds[m.Email]);
        Assert.All(
            recipients,
            r =>
                Assert.Equal(
                    (byId[r.MemberId].EmailOptIn ? byId[r.MemberId].Email : null, byId[r.MemberId].InboxOptIn),
                    (r.Email, r.InboxOptIn)
                )
        );
        Assert.DoesNotContain(recipients, r => withdrawn.Contains(r.MemberId));
        Assert.Empty(
            await Service.RowsAsync(
                """
                SELECT 1 FROM audience_snapshot_member s JOIN member m ON m.id = s.member_id
                WHERE s.snapshot_id = $1 AND m.withdrawn_at IS NOT NULL
                """,
                resolved.SnapshotId
            )
        );
        // Every row names the member it was frozen from (no foreign key checks it: Migrations/0011).
        Assert.Equal(
            (long)resolved.Count,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM audience_snapshot_member s
                JOIN member m ON m.id = s.member_id AND m.public_id = s.public_id
                JOIN audience_snapshot a ON a.id = s.snapshot_id
                WHERE s.snapshot_id = $1
                """,
                resolved.SnapshotId
            )
        );
        Assert.Equal(
            [resolved.Count, resolved.Bound, resolved.Digest, resolved.ChunkCount],
            Assert.Single(
                await Service.RowsAsync(
                    "SELECT recipient_count, bound, digest, chunk_count FROM audience_snapshot WHERE id = $1",
                    resolved.SnapshotId
                )
            )
        );
    }

    [Fact]
    public async Task TheSameRequestTwiceGivesTheSameDigest()
    {
        var data = await GenerateAsync(600, seed: 7);

        var (first, _) = await ResolveAsync(data.Campaign);
        var (second, _) = await ResolveAsync(data.Campaign);

        Assert.NotEqual(first.SnapshotId, second.SnapshotId);
        Assert.Equal((first.Count, first.Bound, first.Digest), (second.Count, second.Bound, second.Digest));
        Assert.Equal(AudienceDigest.Compute(Reference(data).Select(m => data.PublicIds[m.Email])), first.Digest);
    }

    [Fact]
    public async Task AnAudienceOfNobodyIsAnnouncedWithTheEmptySetsDigestAndNoChunks()
    {
        // Everyone entitled has charged in full: the campaign exists (bound > 0) but nobody is
        // reminded. The count and digest computed in SQL must still be the contract's.
        var domain = GeneratedMembers.NewDomain();
        var campaign = GeneratedMembers.NewCampaign();
        var members = Enumerable
            .Range(0, 30)
            .Select(i => new GeneratedMember(
                $"paid{i}@{domain}",
                true,
                true,
                null,
                new GeneratedEntitlement(campaign, 2, 10000, 10000)
            ))
            .ToList();
        await Service.ImportMembersAsync(members);

        var (resolved, chunks) = await ResolveAsync(campaign);

        Assert.Equal((0, 30, 0), (resolved.Count, resolved.Bound, resolved.ChunkCount));
        Assert.Equal(AudienceDigest.Compute([]), resolved.Digest);
        Assert.Empty(chunks);
        Assert.Equal(
            0L,
            await Service.ScalarAsync(
                "SELECT count(*) FROM audience_snapshot_member WHERE snapshot_id = $1",
                resolved.SnapshotId
            )
        );
    }

    [Fact]
    public async Task ChunksThatDoNotAddUpToTheAnnouncedDigestAreNeverPublished()
    {
        // The chunks leave in a unit of work after the announcement. Should the frozen rows ever
        // read back differently from what was announced (here: the stored digest tampered
        // with), not one recipient may travel to Notifications.
        var data = await GenerateAsync(300, seed: 11);
        var (resolved, _) = await ResolveAsync(data.Campaign);
        await Service.ScalarAsync(
            "UPDATE audience_snapshot SET digest = repeat('f', 64) WHERE id = $1",
            resolved.SnapshotId
        );
        await using var chunks = await PublishedMessages.ListenAsync<AudienceChunk>(Service.Bus);

        await Service.Bus.Publish(new PublishAudienceChunks(resolved.SnapshotId));

        await Eventually.GetAsync(
            () =>
                Task.FromResult(
                    Service
                        .Logs.Entries.Where(e =>
                            e.Text.Contains($"Snapshot {resolved.SnapshotId} reads back as", StringComparison.Ordinal)
                        )
                        .ToList()
                ),
            e => e.Count > 0,
            Wait
        );
        Assert.DoesNotContain(chunks.Received, c => c.SnapshotId == resolved.SnapshotId);
    }

    [Fact]
    public async Task AnUnknownCampaignOrAudienceFailsVisibly()
    {
        await using var failed = await PublishedMessages.ListenAsync<AudienceResolutionFailed>(Service.Bus);
        var unknownCampaign = new ResolveAudience(
            Guid.NewGuid(),
            Guid.NewGuid(),
            AudienceNames.WonNotFullyCharged,
            GeneratedMembers.NewCampaign("none"),
            DateTimeOffset.UtcNow
        );
        var unknownAudience = new ResolveAudience(
            Guid.NewGuid(),
            Guid.NewGuid(),
            "everyone",
            GeneratedMembers.NewCampaign(),
            DateTimeOffset.UtcNow
        );

        await Service.Bus.Publish(unknownCampaign);
        await Service.Bus.Publish(unknownAudience);

        var received = await Eventually.GetAsync(
            () => Task.FromResult(failed.Received.ToList()),
            f => f.Count >= 2,
            Wait
        );
        Assert.Equal(
            new[] { unknownCampaign.RequestId, unknownAudience.RequestId }.Order(),
            received.Select(f => f.RequestId).Order()
        );
        Assert.All(received, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
        Assert.Equal(
            0L,
            await Service.ScalarAsync(
                "SELECT count(*) FROM audience_snapshot WHERE request_id = ANY($1)",
                new[] { unknownCampaign.RequestId, unknownAudience.RequestId }
            )
        );
    }
}
