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
        "representative.name", "representative.kana", "representative.birthDate", "representative.gender", "representative.phone",
        "representative.email", "representative.postalCode", "representative.address", "householdMembers", "documents.metadata",
    ];

    public async Task<List<QueueEntry>> QueueAsync(IReadOnlyList<ApplicationStatus> statuses, string? campaignCode, int limit, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync("""
            SELECT a.public_id, c.code, a.status, a.submitted_at, a.updated_at
            FROM application a JOIN campaign c ON c.id = a.campaign_id
            WHERE a.status = ANY($1) AND ($2::text IS NULL OR c.code = $2)
            ORDER BY a.submitted_at LIMIT $3
            """, cancellationToken);
        command.Parameters.Add(new() { Value = statuses.Select(s => s.ToString()).ToArray() });
        command.Parameters.Add(new() { Value = (object?)campaignCode ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = limit });
        var queue = new List<QueueEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = ApplicationStatusLabels.Parse(reader.GetString(2));
            queue.Add(new QueueEntry(ApplicationNumber.Display(reader.GetString(0)), reader.GetString(1), status.ToString(), ApplicationStatusLabels.Label(status),
                Jst.Of(reader.GetFieldValue<DateTimeOffset>(3)), Jst.Of(reader.GetFieldValue<DateTimeOffset>(4))));
        }
        return queue;
    }

    public async Task<ApplicationDetail?> ReadAsync(string number, string reviewer, CancellationToken cancellationToken)
    {
        long id;
        string owner;
        ApplicationDetail detail;
        await using (var command = await session.CommandAsync("""
            SELECT a.id, a.owner_subject, a.public_id, c.code, a.status, a.invalid_reason, a.units, a.family_name, a.given_name, a.family_name_kana, a.given_name_kana,
                   a.birth_date, a.gender, a.phone, a.email, a.postal_code, a.address, a.document_type, a.submitted_at, a.updated_at
            FROM application a JOIN campaign c ON c.id = a.campaign_id WHERE a.public_id = $1
            """, cancellationToken))
        {
            command.Parameters.Add(new() { Value = number });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return null;
            id = reader.GetInt64(0);
            owner = reader.GetString(1);
            var status = ApplicationStatusLabels.Parse(reader.GetString(4));
            detail = new ApplicationDetail(ApplicationNumber.Display(reader.GetString(2)), reader.GetString(3), status.ToString(), ApplicationStatusLabels.Label(status),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6),
                new ApplicantDetail(reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetString(10), reader.GetFieldValue<DateOnly>(11),
                    reader.GetString(12), reader.GetString(13), reader.GetString(14), reader.GetString(15), reader.GetString(16)),
                [], reader.GetString(17), [], Jst.Of(reader.GetFieldValue<DateTimeOffset>(18)), Jst.Of(reader.GetFieldValue<DateTimeOffset>(19)), []);
        }

        detail = detail with
        {
            HouseholdMembers = await HouseholdAsync(id, cancellationToken),
            Documents = await DocumentsAsync(id, cancellationToken),
            History = await HistoryAsync(id, cancellationToken),
        };
        await audit.RecordAsync(reviewer, Actor.Reviewer, owner, id, FullReadFields, cancellationToken);
        return detail;
    }

    private async Task<List<HouseholdMemberDetail>> HouseholdAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync("""
            SELECT family_name, given_name, family_name_kana, given_name_kana, birth_date, relationship
            FROM application_household_member WHERE application_id = $1 ORDER BY position
            """, cancellationToken);
        command.Parameters.Add(new() { Value = id });
        var members = new List<HouseholdMemberDetail>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            members.Add(new HouseholdMemberDetail(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateOnly>(4), reader.GetString(5)));
        return members;
    }

    // Metadata only: the content column is not selected.
    private async Task<List<DocumentDetail>> DocumentsAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "SELECT side, content_type, size_bytes, sha256 FROM application_document WHERE application_id = $1 ORDER BY side DESC", cancellationToken);
        command.Parameters.Add(new() { Value = id });
        var documents = new List<DocumentDetail>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            documents.Add(new DocumentDetail(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), Convert.ToHexStringLower((byte[])reader[3])));
        return documents;
    }

    private async Task<List<HistoryEntry>> HistoryAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "SELECT from_status, to_status, actor, actor_role, reason, items, at FROM application_event WHERE application_id = $1 ORDER BY at, id", cancellationToken);
        command.Parameters.Add(new() { Value = id });
        var history = new List<HistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            history.Add(new HistoryEntry(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<string[]>(5), Jst.Of(reader.GetFieldValue<DateTimeOffset>(6))));
        return history;
    }
}
