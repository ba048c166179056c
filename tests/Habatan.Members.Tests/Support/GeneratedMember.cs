using System.Globalization;
using Habatan.Members.Imports;

namespace Habatan.Members.Tests.Support;

// A member as a test generates it, with the entitlement it should end up holding (if any).
public sealed record GeneratedMember(
    string Email,
    bool InboxOptIn,
    bool EmailOptIn,
    DateOnly? WithdrawnOn,
    GeneratedEntitlement? Entitlement
);

public sealed record GeneratedEntitlement(string CampaignCode, int Units, long WonYen, long ChargedYen);

public static class GeneratedMembers
{
    public static string NewDomain() => $"t{Guid.NewGuid():N}"[..12] + ".example.jp";

    public static string NewCampaign(string prefix = "c") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static IReadOnlyList<string> RosterHeader { get; } =
    [RosterImport.Email, RosterImport.InboxOptIn, RosterImport.EmailOptIn, RosterImport.WithdrawnOn];

    public static IReadOnlyList<string> EntitlementHeader { get; } =
    [
        EntitlementImport.Email,
        EntitlementImport.Campaign,
        EntitlementImport.Units,
        EntitlementImport.Won,
        EntitlementImport.Charged,
    ];

    public static byte[] RosterCsv(IEnumerable<GeneratedMember> members) =>
        CsvFile.Build(
            new[] { RosterHeader }.Concat(
                members.Select(m =>
                    (IReadOnlyList<string>)
                        [
                            m.Email,
                            m.InboxOptIn ? "1" : "0",
                            m.EmailOptIn ? "1" : "0",
                            m.WithdrawnOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                        ]
                )
            )
        );

    public static byte[] EntitlementsCsv(IEnumerable<GeneratedMember> members) =>
        CsvFile.Build(
            new[] { EntitlementHeader }.Concat(
                members
                    .Where(m => m.Entitlement is not null)
                    .Select(m =>
                        (IReadOnlyList<string>)
                            [
                                m.Email,
                                m.Entitlement!.CampaignCode,
                                Text(m.Entitlement.Units),
                                Text(m.Entitlement.WonYen),
                                Text(m.Entitlement.ChargedYen),
                            ]
                    )
            )
        );

    public static IEnumerable<IReadOnlyList<XCell?>> EntitlementsSheet(IEnumerable<GeneratedMember> members) =>
        new[] { EntitlementHeader.Select(h => (XCell?)h).ToList() }.Concat(
            members
                .Where(m => m.Entitlement is not null)
                .Select(m =>
                    (IReadOnlyList<XCell?>)
                        [
                            m.Email,
                            m.Entitlement!.CampaignCode,
                            (long)m.Entitlement.Units,
                            m.Entitlement.WonYen,
                            m.Entitlement.ChargedYen,
                        ]
                )
        );

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
