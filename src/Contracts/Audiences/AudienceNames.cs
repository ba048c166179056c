namespace Habatan.Contracts.Audiences;

// The audiences Members knows how to resolve. Each is a query over typed columns in Members'
// own database, never a spreadsheet join.
public static class AudienceNames
{
    // Members who won in the campaign and have charged less than the purchase amount;
    // withdrawn members and members with no reachable channel are left out.
    public const string WonNotFullyCharged = "won-not-fully-charged";

    // Members who charged, still have a balance (by the platform's last balance export) and
    // whose usage deadline has not passed; withdrawn and unreachable members are left out.
    public const string ChargedWithBalance = "charged-with-balance";

    // Exactly the members listed with the request (ResolveAudience.MemberIds), e.g. the people a
    // breach-scope report names on incident day; withdrawn and unreachable ones are left out of
    // the snapshot but counted in its bound, so reconciliation shows them.
    public const string ListedMembers = "listed-members";
}
