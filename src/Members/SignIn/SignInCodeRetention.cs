using Habatan.Infrastructure.Retention;

namespace Habatan.Members.SignIn;

// A code is used within its minutes and counted by the limits for 15; after that its row (an
// e-mail address, a client's IP address) is personal data kept without a purpose, except to
// answer "who asked for codes to my address" after a takeover or a flood, which is asked within
// weeks. Kept 30 days (Retention:Periods:sign-in-codes), then removed; a period shorter than
// the limits' window (Members:SignIn) would let a client ask again sooner than they allow.
public static class SignInCodeRetention
{
    public static readonly RetentionRule Rule = new(
        "sign-in-codes",
        TimeSpan.FromDays(30),
        """
        DELETE FROM sign_in_code WHERE id IN (
            SELECT id FROM sign_in_code WHERE created_at < $1 ORDER BY created_at LIMIT $2)
        """
    );
}
