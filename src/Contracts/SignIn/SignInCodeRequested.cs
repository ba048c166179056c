namespace Habatan.Contracts.SignIn;

// Members asks Notifications to mail a one-time sign-in code. The code travels only in this
// message and the mail itself: it is never logged, traced or stored in clear by either side.
public sealed record SignInCodeRequested(Guid RequestId, string Email, string Code, DateTimeOffset ExpiresAt);
