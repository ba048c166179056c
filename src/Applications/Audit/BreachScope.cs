using Habatan.Applications.Campaigns;
using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Audit;

// The breach-scope report: every read in a window whose reader was a member other than the
// data's owner (the leak's signature; reviewers are the only ops role that reads here, and
// they may), grouped by the person whose data was read. The signature has its own partial
// index (0002), so the answer takes milliseconds however many ordinary reads the window holds.
public sealed class BreachScope(DbSession session, TimeProvider time)
{
    // A real leak is found and stopped long before this; past it the report says it is cut.
    public const int MaxReads = 100_000;

    public const string LeakReadsSql = """
        SELECT x.owner_subject, a.public_id, c.code, a.document_type, x.actor_subject, x.fields, x.read_at, x.trace_id
        FROM access_audit x
        JOIN application a ON a.id = x.application_id
        JOIN campaign c ON c.id = a.campaign_id
        WHERE x.actor_role = 'applicant' AND x.actor_subject <> x.owner_subject
          AND x.read_at >= $1 AND x.read_at < $2
          AND ($3::text IS NULL OR x.route = $3)
          AND ($4::text IS NULL OR x.actor_subject = $4)
        ORDER BY x.read_at, x.id
        LIMIT $5
        """;

    public async Task<BreachScopeReport> ReportAsync(BreachScopeQuery query, CancellationToken cancellationToken)
    {
        await session.AsOpsAsync(cancellationToken);
        var reads = await session.QueryAsync(
            LeakReadsSql,
            reader => new LeakRead(
                reader.GetString(0),
                ApplicationNumber.Display(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<string[]>(5),
                Jst.Of(reader.GetFieldValue<DateTimeOffset>(6)),
                reader.IsDBNull(7) ? null : reader.GetString(7)
            ),
            cancellationToken,
            query.From.ToUniversalTime(),
            query.To.ToUniversalTime(),
            SessionQueries.NullableText(query.Route),
            SessionQueries.NullableText(query.Reader),
            MaxReads + 1
        );
        var cut = reads.Count > MaxReads;
        var subjects = reads
            .Take(MaxReads)
            .GroupBy(r => r.Owner, StringComparer.Ordinal)
            .Select(Subject)
            .OrderBy(s => s.FirstRead)
            .ToList();
        var items = subjects.SelectMany(s => s.Items).Distinct().Order(StringComparer.Ordinal).ToList();
        var summary = new BreachSummary(
            query.Stage == BreachStage.Final ? "確報" : "速報",
            subjects.Count,
            items,
            items.Contains(PersonalDataItems.MyNumberCard),
            items.Contains(PersonalDataItems.MyNumber),
            Jst.Of(query.From),
            Jst.Of(query.To),
            subjects.Count > 0 ? subjects.Min(s => s.FirstRead) : null,
            subjects.Count > 0 ? subjects.Max(s => s.LastRead) : null,
            subjects.Sum(s => s.Reads),
            subjects.SelectMany(s => s.Readers).Distinct(StringComparer.Ordinal).Count(),
            subjects
                .SelectMany(s => s.Campaigns)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList(),
            query.Cause,
            query.Measures
        );
        return new BreachScopeReport(summary, subjects, cut, Jst.Of(time.GetUtcNow()));
    }

    private static AffectedSubject Subject(IGrouping<string, LeakRead> reads)
    {
        var fields = reads.SelectMany(r => r.Fields).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new AffectedSubject(
            reads.Key,
            [.. reads.Select(r => r.ApplicationNumber).Distinct(StringComparer.Ordinal)],
            [.. reads.Select(r => r.Campaign).Distinct(StringComparer.Ordinal)],
            [
                .. reads
                    .SelectMany(r => r.Fields.SelectMany(f => PersonalDataItems.Of(f, r.DocumentType)))
                    .Distinct()
                    .Order(StringComparer.Ordinal),
            ],
            [.. fields],
            reads.Count(),
            [.. reads.Select(r => r.Reader).Distinct(StringComparer.Ordinal)],
            reads.Min(r => r.ReadAt),
            reads.Max(r => r.ReadAt),
            [.. reads.Where(r => r.TraceId is not null).Select(r => r.TraceId!).Distinct(StringComparer.Ordinal)]
        );
    }

    private sealed record LeakRead(
        string Owner,
        string ApplicationNumber,
        string Campaign,
        string DocumentType,
        string Reader,
        string[] Fields,
        DateTimeOffset ReadAt,
        string? TraceId
    );
}

public enum BreachStage
{
    First,
    Final,
}

public sealed record BreachScopeQuery(
    DateTimeOffset From,
    DateTimeOffset To,
    string? Route,
    string? Reader,
    BreachStage Stage,
    string? Cause,
    string? Measures
);

// One person whose data was read by someone else: what, how often, by whom, when, which traces.
public sealed record AffectedSubject(
    string Subject,
    IReadOnlyList<string> ApplicationNumbers,
    IReadOnlyList<string> Campaigns,
    IReadOnlyList<string> Items,
    IReadOnlyList<string> Fields,
    int Reads,
    IReadOnlyList<string> Readers,
    DateTimeOffset FirstRead,
    DateTimeOffset LastRead,
    IReadOnlyList<string> TraceIds
);

// What the personal-information protection authority asks for in a first (速報) and a final
// (確報) report: how many people, which items, whether My Number (the card, the number itself)
// is among them, the period, the
// cause and the measures (the last two as the auditor wrote them).
public sealed record BreachSummary(
    string Stage,
    int PeopleAffected,
    IReadOnlyList<string> Items,
    bool MyNumberCardIncluded,
    bool MyNumberIncluded,
    DateTimeOffset WindowFrom,
    DateTimeOffset WindowTo,
    DateTimeOffset? FirstRead,
    DateTimeOffset? LastRead,
    int Reads,
    int Readers,
    IReadOnlyList<string> Campaigns,
    string? Cause,
    string? Measures
);

public sealed record BreachScopeReport(
    BreachSummary Summary,
    IReadOnlyList<AffectedSubject> Subjects,
    bool Cut,
    DateTimeOffset GeneratedAt
);
