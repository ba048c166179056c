namespace Habatan.Applications.Campaigns;

// A campaign tranche as stored. Times are instants; they are shown in JST.
public sealed record Campaign(
    long Id,
    string Code,
    string Name,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    long UnitPriceYen,
    int PremiumRatePercent,
    int UnitLimit,
    bool HouseholdMembersRequired,
    IReadOnlyList<string> AcceptedDocuments,
    DateTimeOffset? SuspendedAt
)
{
    public IntakeState StateAt(DateTimeOffset now) =>
        SuspendedAt is not null ? IntakeState.Suspended
        : now < OpensAt ? IntakeState.Upcoming
        : now >= ClosesAt ? IntakeState.Closed
        : IntakeState.Open;
}

public enum IntakeState
{
    Upcoming,
    Open,
    Closed,
    Suspended,
}
