namespace Habatan.Contracts.Audiences;

// Asked by the Notifications fan-out before each batch (request and response): which of these
// members are still in the audience's condition now (DESIGN.md: eligibility at send time only
// shrinks an approved snapshot). Members answers from the same SQL condition that resolved the
// audience; a member it does not name is no longer eligible. Nobody is ever added: the answer
// can only name members that were asked about.
public sealed record CheckAudienceEligibility(
    Guid ReminderId,
    string Audience,
    string CampaignCode,
    IReadOnlyList<string> MemberIds
)
{
    // How long the asker waits for the answer, sending included, before it releases the batch
    // and asks again; far longer than Members needs for a batch's ids, short enough that a broker
    // outage shows as a paused fan-out, not a stuck one. An answer later than this is of no use.
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);
}

// The asked members still in the condition, with the channels they still allow (a member who
// opted out of mail since the snapshot is skipped on mail only).
public sealed record AudienceEligibility(IReadOnlyList<EligibleMember> Eligible);

public sealed record EligibleMember(string MemberId, bool Email, bool Inbox);
