using Habatan.Applications.Audit;
using Habatan.Applications.Campaigns;
using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Review;

// Reads for reviewers. The queue holds no personal data; reading one application in full
// writes its access-audit row in the same transaction.
public sealed class ReviewReader(DbSession session, AccessAudit audit)
{
    public static readonly IReadOnlyList<string> FullReadFields =
    [
        "representative.name",
        "representative.kana",
        "representative.birthDate",
        "representative.gender",
        "representative.phone",
        "representative.email",
        "representative.postalCode",
        "representative.address",
        "householdMembers",
        "documents.metadata",
    ];

    public Task<List<QueueEntry>> QueueAsync(
        IReadOnlyList<ApplicationStatus> statuses,
        string? campaignCode,
        int limit,
        CancellationToken cancellationToken
    ) =>
        session.QueryAsync(
            """
            SELECT a.public_id, c.code, a.status, a.submitted_at, a.updated_at
            FROM application a JOIN campaign c ON c.id = a.campaign_id
            WHERE a.status = ANY($1) AND ($2::text IS NULL OR c.code = $2)
            ORDER BY a.submitted_at LIMIT $3
            """,
            reader =>
            {
                var status = ApplicationStatusLabels.Parse(reader.GetString(2));
                return new QueueEntry(
                    ApplicationNumber.Display(reader.GetString(0)),
                    reader.GetString(1),
                    status.ToString(),
                    ApplicationStatusLabels.Label(status),
                    Jst.Of(reader.GetFieldValue<DateTimeOffset>(3)),
                    Jst.Of(reader.GetFieldValue<DateTimeOffset>(4))
                );
            },
            cancellationToken,
            statuses.Select(s => s.ToString()).ToArray(),
            SessionQueries.NullableText(campaignCode),
            limit
        );

    public async Task<ApplicationDetail?> ReadAsync(string number, string reviewer, CancellationToken cancellationToken)
    {
        await session.AsOpsAsync(cancellationToken);
        var found = await session.QuerySingleAsync(
            """
            SELECT a.id, a.owner_subject, a.public_id, c.code, a.status, a.invalid_reason, a.units,
                   a.family_name, a.given_name, a.family_name_kana, a.given_name_kana,
                   a.birth_date, a.gender, a.phone, a.email, a.postal_code, a.address, a.document_type,
                   a.submitted_at, a.updated_at
            FROM application a JOIN campaign c ON c.id = a.campaign_id WHERE a.public_id = $1
            """,
            reader =>
            {
                var status = ApplicationStatusLabels.Parse(reader.GetString(4));
                return new Found(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    new ApplicationDetail(
                        ApplicationNumber.Display(reader.GetString(2)),
                        reader.GetString(3),
                        status.ToString(),
                        ApplicationStatusLabels.Label(status),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.GetInt32(6),
                        new ApplicantDetail(
                            reader.GetString(7),
                            reader.GetString(8),
                            reader.GetString(9),
                            reader.GetString(10),
                            reader.GetFieldValue<DateOnly>(11),
                            reader.GetString(12),
                            reader.GetString(13),
                            reader.GetString(14),
                            reader.GetString(15),
                            reader.GetString(16)
                        ),
                        [],
                        reader.GetString(17),
                        [],
                        Jst.Of(reader.GetFieldValue<DateTimeOffset>(18)),
                        Jst.Of(reader.GetFieldValue<DateTimeOffset>(19)),
                        []
                    )
                );
            },
            cancellationToken,
            number
        );
        if (found is null)
            return null;

        var detail = found.Detail with
        {
            HouseholdMembers = await session.QueryAsync(
                """
                SELECT family_name, given_name, family_name_kana, given_name_kana, birth_date, relationship
                FROM application_household_member WHERE application_id = $1 ORDER BY position
                """,
                reader => new HouseholdMemberDetail(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetFieldValue<DateOnly>(4),
                    reader.GetString(5)
                ),
                cancellationToken,
                found.Id
            ),
            // Metadata only: the content column is not selected.
            Documents = await session.QueryAsync(
                """
                SELECT side, content_type, size_bytes, sha256 FROM application_document
                WHERE application_id = $1 ORDER BY side DESC
                """,
                reader => new DocumentDetail(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    Convert.ToHexStringLower((byte[])reader[3])
                ),
                cancellationToken,
                found.Id
            ),
            History = await session.QueryAsync(
                """
                SELECT from_status, to_status, actor, actor_role, reason, items, at FROM application_event
                WHERE application_id = $1 ORDER BY at, id
                """,
                reader => new HistoryEntry(
                    reader.IsDBNull(0) ? null : reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetFieldValue<string[]>(5),
                    Jst.Of(reader.GetFieldValue<DateTimeOffset>(6))
                ),
                cancellationToken,
                found.Id
            ),
        };
        await audit.RecordAsync(reviewer, Actor.Reviewer, found.Owner, found.Id, FullReadFields, cancellationToken);
        return detail;
    }

    // One ID-document image, for the reviewer who checks it against the application. The read is
    // audited like the full read, naming the side, so "who saw this person's ID card" has an answer.
    public async Task<StoredDocument?> ReadDocumentAsync(
        string number,
        string side,
        string reviewer,
        CancellationToken cancellationToken
    )
    {
        await session.AsOpsAsync(cancellationToken);
        var found = await session.QuerySingleAsync(
            """
            SELECT a.id, a.owner_subject, d.content_type, d.content
            FROM application a JOIN application_document d ON d.application_id = a.id
            WHERE a.public_id = $1 AND d.side = $2
            """,
            reader => new StoredDocument(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                (byte[])reader[3]
            ),
            cancellationToken,
            number,
            side
        );
        if (found is null)
            return null;
        await audit.RecordAsync(
            reviewer,
            Actor.Reviewer,
            found.Owner,
            found.ApplicationId,
            [$"documents.{side}.image"],
            cancellationToken
        );
        return found;
    }

    private sealed record Found(long Id, string Owner, ApplicationDetail Detail);
}

public sealed record StoredDocument(long ApplicationId, string Owner, string ContentType, byte[] Content);
