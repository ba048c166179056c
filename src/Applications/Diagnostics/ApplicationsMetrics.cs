using System.Diagnostics.Metrics;

namespace Habatan.Applications.Diagnostics;

// Counted on the "Habatan" meter the dashboard shows: a rise in duplicates or denied accesses
// is what ops watch for after incident 1.
public sealed class ApplicationsMetrics
{
    private readonly Counter<long> _submissions;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _deniedAccesses;
    private readonly Counter<long> _leaks;

    public ApplicationsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Habatan");
        _submissions = meter.CreateCounter<long>(
            "habatan.applications.submissions",
            description: "Submissions stored, by outcome (valid, invalid)."
        );
        _duplicates = meter.CreateCounter<long>(
            "habatan.applications.duplicates",
            description: "Submissions stored as Invalid, by the rule they broke."
        );
        _deniedAccesses = meter.CreateCounter<long>(
            "habatan.applications.denied_accesses",
            description: "Requests for an application the caller may not see, by route."
        );
        // Alert on any increase: by design it stays at zero (Audit/LeakTripwire.cs).
        _leaks = meter.CreateCounter<long>(
            "habatan.applications.access_leaks",
            description: "Reads of a member's data by another member, caught by the tripwire, by route."
        );
    }

    public void Submitted(string outcome) => _submissions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Duplicate(string rule) => _duplicates.Add(1, new KeyValuePair<string, object?>("rule", rule));

    public void DeniedAccess(string route) => _deniedAccesses.Add(1, new KeyValuePair<string, object?>("route", route));

    public void LeakTripped(string route) => _leaks.Add(1, new KeyValuePair<string, object?>("route", route));
}
