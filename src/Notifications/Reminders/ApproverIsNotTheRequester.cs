namespace Habatan.Notifications.Reminders;

// Four eyes (DESIGN.md, incident 2, point 4): whoever asked for the reminder, and whoever last
// changed what would be approved (created it, corrected the count, asked for a new snapshot),
// never approves it. The saga applies this rule where the approval changes its state, so no path
// to the Approved event can skip it; the approval API checks it early to answer with a reason.
public static class ApproverIsNotTheRequester
{
    public static bool Allows(ReminderState saga, string approver) =>
        !string.Equals(approver, saga.RequestedBy, StringComparison.Ordinal)
        && !string.Equals(approver, saga.LastChangedBy, StringComparison.Ordinal);
}
