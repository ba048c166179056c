using System.Diagnostics;
using Habatan.Contracts.Audiences;
using Habatan.Contracts.Campaigns;
using Habatan.Infrastructure.Outbox;
using Microsoft.Extensions.Options;

namespace Habatan.Members.Audiences;

// DESIGN.md, incident 2, point 2: the audience is computed in SQL over typed columns by the
// service that owns the data, and frozen. In one transaction: the matching members are copied
// into a snapshot (with the channels a send may use), the snapshot gets its count, its bound
// (members entitled in the campaign; no audience can exceed it) and the digest of its sorted
// member ids (computed in SQL), and the summary is published through the outbox together with
// the order to publish the chunks. Either all of it happens or none of it.
public sealed partial class AudienceResolver(
    DbSession session,
    IOutbox outbox,
    IOptions<AudienceOptions> options,
    TimeProvider time,
    ILogger<AudienceResolver> logger
)
{
    // The snapshot's rows: the members in the audience's condition (AudienceConditions), with the
    // channels a send may use. Written in the order of the snapshot's key, so each row goes to the
    // end of its index instead of a random page of it (about a fifth of the freeze at 220,000).
    // Each row names its member and snapshot by this statement's own join; why no foreign key
    // checks it again: Migrations/0011_snapshot_rows_without_row_checks.sql.
    private const string Freeze = """
        INSERT INTO audience_snapshot_member (snapshot_id, public_id, member_id, email, inbox_opt_in)
        SELECT $1, m.public_id, m.id, CASE WHEN m.email_opt_in THEN m.email END, m.inbox_opt_in

        """;

    private const string InKeyOrder = "\nORDER BY m.public_id COLLATE \"C\"";

    internal const string WonNotFullyChargedSql = Freeze + AudienceConditions.WonNotFullyCharged + InKeyOrder;

    public async Task ResolveAsync(ResolveAudience request, CancellationToken cancellationToken)
    {
        session.StatementTimeout = options.Value.StatementTimeout;
        if (AudienceConditions.For(request.Audience) is not { } condition)
        {
            var known = $"使えるもの: {AudienceConditions.Known}";
            var unknown = $"不明なオーディエンスです: {request.Audience}（{known}）";
            await FailAsync(request, unknown, cancellationToken);
            return;
        }
        if (!CampaignCode.IsValid(request.CampaignCode))
        {
            await FailAsync(
                request,
                $"キャンペーンコードの形式が正しくありません。{CampaignCode.Rule}",
                cancellationToken
            );
            return;
        }
        if (await AlreadyResolvedAsync(request.RequestId, cancellationToken))
        {
            // The same request under another message id: its snapshot and messages exist.
            LogAlreadyResolved(logger, request.RequestId);
            return;
        }

        var listed = request.Audience == AudienceNames.ListedMembers;
        if (listed && await ListedProblemAsync(request.MemberIds, cancellationToken) is { } listProblem)
        {
            await FailAsync(request, listProblem, cancellationToken);
            return;
        }
        // A listed audience is bound by its list: never more recipients than people listed.
        var bound = listed
            ? request.MemberIds!.Distinct(StringComparer.Ordinal).Count()
            : await BoundAsync(request.CampaignCode, cancellationToken);
        if (bound == 0)
        {
            await FailAsync(
                request,
                $"キャンペーン {request.CampaignCode} に権利を持つ会員が1人もいません。"
                    + $"キャンペーンコードを確認してください。",
                cancellationToken
            );
            return;
        }

        var snapshotId = Guid.CreateVersion7();
        var chunkSize = Math.Max(1, options.Value.ChunkSize);
        var resolvedAt = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        // The snapshot row comes first (its members refer to it) and gets its figures below,
        // in the same transaction: no one ever sees it half-filled.
        await session.ExecuteAsync(
            """
            INSERT INTO audience_snapshot (id, request_id, reminder_id, audience, campaign_code, recipient_count, bound,
                                           digest, chunk_size, chunk_count, resolved_at)
            VALUES ($1, $2, $3, $4, $5, 0, $6, repeat('0', 64), $7, 0, $8)
            """,
            cancellationToken,
            snapshotId,
            request.RequestId,
            request.ReminderId,
            request.Audience,
            request.CampaignCode,
            bound,
            chunkSize,
            resolvedAt
        );
        object?[] values = [snapshotId, request.CampaignCode, AudienceConditions.DayInJapan(resolvedAt)];
        await session.ExecuteAsync(
            Freeze + condition + (listed ? "\n  AND m.public_id = ANY($4)" : "") + InKeyOrder,
            cancellationToken,
            listed ? [.. values, request.MemberIds!.ToArray()] : values
        );
        var frozen = clock.Elapsed;

        // Count and digest in the database, over the frozen rows: no recipient is read into
        // this process to announce the snapshot.
        var (count, digest) = await CountAndDigestAsync(session, snapshotId, cancellationToken);
        var chunks = (count + chunkSize - 1) / chunkSize;
        await session.ExecuteAsync(
            "UPDATE audience_snapshot SET recipient_count = $2, digest = $3, chunk_count = $4 WHERE id = $1",
            cancellationToken,
            snapshotId,
            count,
            digest,
            chunks
        );
        await outbox.PublishAsync(
            new AudienceResolved(
                request.RequestId,
                request.ReminderId,
                snapshotId,
                request.Audience,
                request.CampaignCode,
                count,
                bound,
                digest,
                chunks,
                resolvedAt
            ),
            cancellationToken
        );
        // The chunks are read from the frozen snapshot by a unit of work of their own (see
        // AudienceChunkPublisher): the announcement does not wait for a million recipients to
        // be serialised, and the snapshot cannot change in between.
        if (chunks > 0)
            await outbox.PublishAsync(new PublishAudienceChunks(snapshotId), cancellationToken);
        LogResolved(logger, snapshotId, request.CampaignCode, count, bound, digest);
        LogPhases(
            logger,
            snapshotId,
            count,
            (long)frozen.TotalMilliseconds,
            (long)(clock.Elapsed - frozen).TotalMilliseconds
        );
    }

    // SHA-256 over the member ids in the "C" collation's order, each followed by '\n': the bytes
    // AudienceDigest.Compute hashes (the ids are ASCII hex, so byte order is ordinal order).
    internal static async Task<(int Count, string Digest)> CountAndDigestAsync(
        DbSession session,
        Guid snapshotId,
        CancellationToken cancellationToken
    ) =>
        (
            await session.QueryAsync(
                """
                SELECT count(*)::int,
                       encode(
                           sha256(convert_to(
                               coalesce(string_agg(public_id || E'\n', '' ORDER BY public_id), ''),
                               'UTF8')),
                           'hex')
                FROM audience_snapshot_member WHERE snapshot_id = $1
                """,
                reader => (reader.GetInt32(0), reader.GetString(1)),
                cancellationToken,
                snapshotId
            )
        ).Single();

    private async Task<int> BoundAsync(string campaignCode, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "SELECT count(*) FROM entitlement WHERE campaign_code = $1",
            cancellationToken
        );
        command.Parameters.Add(new() { Value = campaignCode });
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    // A list the snapshot cannot stand for: none, too long for one request, or naming someone who
    // is not a member (a mistyped id would otherwise vanish from the count unseen). Withdrawn and
    // unreachable members are members: they stay in the bound and out of the snapshot.
    private async Task<string?> ListedProblemAsync(
        IReadOnlyList<string>? memberIds,
        CancellationToken cancellationToken
    )
    {
        if (memberIds is null || memberIds.Count == 0)
            return "対象者の一覧（会員 ID）がありません。";
        if (memberIds.Count > MaxListed)
            return $"対象者の一覧は {MaxListed:N0} 件までです（{memberIds.Count:N0} 件）。";
        // The array as one parameter ($1), not spread over params.
        var unknown = (
            await session.QueryAsync(
                """
                SELECT count(*)::int
                FROM (SELECT DISTINCT unnest($1::text[]) AS public_id) l
                WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.public_id = l.public_id)
                """,
                reader => reader.GetInt32(0),
                cancellationToken,
                (object)memberIds.ToArray()
            )
        ).Single();
        return unknown == 0
            ? null
            : $"対象者の一覧のうち {unknown:N0} 件の会員 ID は会員として登録されていま"
                + $"せん。漏えい範囲レポートの一覧をそのまま使ってください。";
    }

    // The most members one listed audience may name (ResolveAudience carries the whole list).
    public const int MaxListed = 10_000;

    private async Task<bool> AlreadyResolvedAsync(Guid requestId, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "SELECT 1 FROM audience_snapshot WHERE request_id = $1",
            cancellationToken
        );
        command.Parameters.Add(new() { Value = requestId });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task FailAsync(ResolveAudience request, string reason, CancellationToken cancellationToken)
    {
        await outbox.PublishAsync(
            new AudienceResolutionFailed(request.RequestId, request.ReminderId, reason),
            cancellationToken
        );
        // A refused code may be anything the sender put there: logged only as described.
        LogFailed(
            logger,
            request.RequestId,
            request.Audience,
            CampaignCode.IsValid(request.CampaignCode)
                ? request.CampaignCode
                : CampaignCode.Describe(request.CampaignCode)
        );
    }

    [LoggerMessage(
        LogLevel.Information,
        "Audience snapshot {SnapshotId} for {CampaignCode}: {Count} of {Bound} entitled, digest {Digest}"
    )]
    private static partial void LogResolved(
        ILogger logger,
        Guid snapshotId,
        string campaignCode,
        int count,
        int bound,
        string digest
    );

    [LoggerMessage(
        LogLevel.Information,
        "Audience snapshot {SnapshotId} phases: {Count} recipients frozen in {FrozenMs} ms,"
            + " counted and digested in {DigestMs} ms"
    )]
    private static partial void LogPhases(ILogger logger, Guid snapshotId, int count, long frozenMs, long digestMs);

    [LoggerMessage(LogLevel.Warning, "Audience request {RequestId} ({Audience}, {CampaignCode}) could not be resolved")]
    private static partial void LogFailed(ILogger logger, Guid requestId, string audience, string campaignCode);

    [LoggerMessage(LogLevel.Information, "Audience request {RequestId} was resolved before; nothing to do")]
    private static partial void LogAlreadyResolved(ILogger logger, Guid requestId);
}
