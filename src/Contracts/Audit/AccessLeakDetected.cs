namespace Habatan.Contracts.Audit;

// A service recorded a read of personal data by someone who is neither its owner nor an ops role
// allowed to read it, and tripped the campaign's kill switch. Members turns it into a notice in
// every admin's inbox. Nothing personal travels: the trace id and the report find the rest.
public sealed record AccessLeakDetected(
    Guid LeakId,
    string Service,
    string CampaignCode,
    string? Route,
    IReadOnlyList<string> Fields,
    string? TraceId,
    DateTimeOffset DetectedAt
);
