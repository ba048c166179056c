namespace Habatan.Contracts.Reminders;

// A reminder awaits a second person's approval (Notifications' saga, issue #17 point 7). Only
// Members knows who holds the approver role, so Notifications names who must not be asked (the
// requester and whoever last changed the reminder: four eyes) and Members answers with an
// AdminNoticeRequested to every other approver, under the same notice id, so a redelivery posts
// nothing twice. Subject and body name the reminder, its state and the console; nobody's data.
public sealed record ApproverNoticeRequested(
    Guid NoticeId,
    Guid ReminderId,
    IReadOnlyList<string> NotTo,
    string Subject,
    string Body
);
