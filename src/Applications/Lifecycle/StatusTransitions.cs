namespace Habatan.Applications.Lifecycle;

public enum Actor
{
    Applicant,
    Reviewer,
}

// The only edges an application may move along, and who may move it. Everything else is
// refused, whoever asks: the rule lives here, not in the callers.
public static class StatusTransitions
{
    private static readonly Dictionary<(ApplicationStatus From, Actor By), ApplicationStatus[]> Edges = new()
    {
        [(ApplicationStatus.Submitted, Actor.Reviewer)] = [ApplicationStatus.Accepted, ApplicationStatus.Rejected],
        [(ApplicationStatus.Accepted, Actor.Reviewer)] =
        [
            ApplicationStatus.NeedsCorrection,
            ApplicationStatus.Approved,
            ApplicationStatus.Rejected,
        ],
        [(ApplicationStatus.NeedsCorrection, Actor.Reviewer)] = [ApplicationStatus.Rejected],
        [(ApplicationStatus.NeedsCorrection, Actor.Applicant)] = [ApplicationStatus.Corrected],
        [(ApplicationStatus.Corrected, Actor.Reviewer)] =
        [
            ApplicationStatus.NeedsCorrection,
            ApplicationStatus.Approved,
            ApplicationStatus.Rejected,
        ],
    };

    public static bool Allows(ApplicationStatus from, ApplicationStatus to, Actor by) =>
        Edges.TryGetValue((from, by), out var targets) && targets.Contains(to);

    public static void Guard(ApplicationStatus from, ApplicationStatus to, Actor by)
    {
        if (!Allows(from, to, by))
            throw new TransitionRefusedException(from, to);
    }
}

public sealed class TransitionRefusedException(ApplicationStatus from, ApplicationStatus to)
    : InvalidOperationException($"An application cannot go from {from} to {to}.")
{
    public ApplicationStatus From { get; } = from;
    public ApplicationStatus To { get; } = to;
}
