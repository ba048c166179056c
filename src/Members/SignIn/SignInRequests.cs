namespace Habatan.Members.SignIn;

public sealed record RequestCodeRequest(string? Email);

public sealed record VerifyCodeRequest(string? Email, string? Code);

public sealed record SignInAccepted(string Message);

public sealed record SignedIn(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);
