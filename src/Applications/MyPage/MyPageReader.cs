using Habatan.Applications.Audit;
using Habatan.Applications.Campaigns;
using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.MyPage;

// Reads only rows whose owner is the caller: the subject is the one filter, and there is no
// other parameter that could select whose rows are read.
public sealed class MyPageReader(DbSession session, AccessAudit audit)
{
    public static readonly IReadOnlyList<string> ShownFields = ["applicationNumber", "status", "dates", "corrections"];

    public async Task<MyPageView> ReadAsync(string owner, CancellationToken cancellationToken)
    {
        // Row-level security under the filter: should it ever be dropped, the rows are still the caller's.
        await session.AsMemberAsync(owner, cancellationToken);
        var rows = await session.QueryAsync(
            """
            SELECT a.id, a.public_id, c.code, c.name, a.status, a.invalid_reason, a.submitted_at, a.updated_at,
                   c.suspended_at IS NOT NULL
            FROM application a JOIN campaign c ON c.id = a.campaign_id
            WHERE a.owner_subject = $1 ORDER BY a.submitted_at, a.id
            """,
            reader =>
            {
                var status = ApplicationStatusLabels.Parse(reader.GetString(4));
                return (
                    Id: reader.GetInt64(0),
                    Application: new MyApplication(
                        ApplicationNumber.Display(reader.GetString(1)),
                        reader.GetString(2),
                        reader.GetString(3),
                        status.ToString(),
                        ApplicationStatusLabels.Label(status),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        Jst.Of(reader.GetFieldValue<DateTimeOffset>(6)),
                        Jst.Of(reader.GetFieldValue<DateTimeOffset>(7)),
                        []
                    ),
                    Suspended: reader.GetBoolean(8)
                );
            },
            cancellationToken,
            owner
        );

        var shown = rows.Where(r => !r.Suspended).ToList();
        var corrections = (
            await session.QueryAsync(
                """
                SELECT application_id, items, at FROM application_event
                WHERE application_id = ANY($1) AND to_status = 'NeedsCorrection'
                ORDER BY at, id
                """,
                reader =>
                    (
                        Id: reader.GetInt64(0),
                        Request: new CorrectionRequest(
                            reader.GetFieldValue<string[]>(1),
                            Jst.Of(reader.GetFieldValue<DateTimeOffset>(2))
                        )
                    ),
                cancellationToken,
                shown.Select(r => r.Id).ToArray()
            )
        ).ToLookup(c => c.Id, c => c.Request);
        foreach (var (id, _, _) in shown)
            await audit.RecordAsync(owner, Actor.Applicant, owner, id, ShownFields, cancellationToken);

        var suspended = rows.Where(r => r.Suspended)
            .Select(r => r.Application)
            .DistinctBy(a => a.CampaignCode)
            .Select(a => new SuspendedCampaign(
                a.CampaignCode,
                a.CampaignName,
                CampaignProblems.SuspendedTitle
                    + "再開までマイページでの表示を停止しています。再開はお知らせ"
                        + "でご案内します。"
            ))
            .ToList();
        return new MyPageView(
            [.. shown.Select(r => r.Application with { Corrections = [.. corrections[r.Id]] })],
            suspended
        );
    }
}
