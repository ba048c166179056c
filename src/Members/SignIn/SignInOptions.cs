namespace Habatan.Members.SignIn;

// Bound from "SignIn". The defaults are the rules the issue states; tests shorten some of them.
public sealed class SignInOptions
{
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);
    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    // Codes one address may request, and one client may request, per window.
    public TimeSpan RequestWindow { get; set; } = TimeSpan.FromMinutes(15);
    public int MaxCodesPerAddress { get; set; } = 5;
    public int MaxCodesPerClient { get; set; } = 30;
}
