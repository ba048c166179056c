namespace Habatan.Notifications.Email;

// One plain-text mail to one recipient. Kind names the feature that sent it, for traces and
// metrics, which must never carry the address or the body.
public sealed record EmailMessage(string Kind, string To, string Subject, string TextBody);
