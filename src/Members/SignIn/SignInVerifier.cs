using Habatan.Members.Identity;
using Habatan.Members.Tokens;
using Microsoft.Extensions.Options;

namespace Habatan.Members.SignIn;

// Checks a code against the latest one issued for the address. A right code is used up and
// signs the member in (creating the member on first sign-in); a wrong one counts against the
// code, which dies after MaxFailedAttempts.
public sealed class SignInVerifier(
    DbSession session,
    SignInCodeHasher hasher,
    TokenIssuer tokens,
    IOptions<SignInOptions> options,
    TimeProvider time
)
{
    public async Task<IResult> VerifyAsync(EmailAddress email, string code, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();

        var issued = await LatestCodeAsync(email, cancellationToken);
        if (
            issued is null
            || issued.ConsumedAt is not null
            || issued.ExpiresAt <= now
            || issued.FailedAttempts >= settings.MaxFailedAttempts
        )
            return SignInProblems.CodeNotUsable();

        if (!hasher.Matches(issued.Id, code, issued.Hash))
        {
            await session.ExecuteAsync(
                "UPDATE sign_in_code SET failed_attempts = failed_attempts + 1 WHERE id = $1",
                cancellationToken,
                issued.Id
            );
            await session.CommitAsync(cancellationToken);
            return SignInProblems.WrongCode(settings.MaxFailedAttempts - issued.FailedAttempts - 1);
        }

        await session.ExecuteAsync(
            "UPDATE sign_in_code SET consumed_at = $2 WHERE id = $1",
            cancellationToken,
            issued.Id,
            now
        );
        var member = await FindOrCreateMemberAsync(email, cancellationToken);
        if (member.WithdrawnAt is not null)
        {
            await session.CommitAsync(cancellationToken);
            return SignInProblems.Withdrawn();
        }

        var sessionId = Guid.NewGuid();
        var expiresAt = now + settings.TokenLifetime;
        await session.ExecuteAsync(
            "INSERT INTO member_session (id, member_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
            cancellationToken,
            sessionId,
            member.Id,
            now,
            expiresAt
        );
        var roles = await RolesAsync(member.Id, cancellationToken);
        var token = tokens.Issue(member.PublicId, sessionId, roles, expiresAt);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(new SignedIn(token, "Bearer", expiresAt));
    }

    // FOR UPDATE: two verifications of one code at once are serialised, so a code is used once.
    private async Task<IssuedCode?> LatestCodeAsync(EmailAddress email, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            """
            SELECT id, code_hash, expires_at, failed_attempts, consumed_at FROM sign_in_code
            WHERE email_normalized = $1 ORDER BY created_at DESC LIMIT 1 FOR UPDATE
            """,
            cancellationToken
        );
        command.Parameters.Add(new() { Value = email.Normalized });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new IssuedCode(
            reader.GetGuid(0),
            (byte[])reader[1],
            reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetInt32(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)
        );
    }

    private async Task<MemberRow> FindOrCreateMemberAsync(EmailAddress email, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            """
            INSERT INTO member (public_id, email, email_normalized) VALUES ($1, $2, $3)
            ON CONFLICT (email_normalized) DO UPDATE SET email_normalized = EXCLUDED.email_normalized
            RETURNING id, public_id, withdrawn_at
            """,
            cancellationToken
        );
        command.Parameters.Add(new() { Value = PublicIds.New() });
        command.Parameters.Add(new() { Value = email.Value });
        command.Parameters.Add(new() { Value = email.Normalized });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new MemberRow(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)
        );
    }

    private async Task<List<string>> RolesAsync(long memberId, CancellationToken cancellationToken)
    {
        await using var command = await session.CommandAsync(
            "SELECT role FROM member_role WHERE member_id = $1 ORDER BY role",
            cancellationToken
        );
        command.Parameters.Add(new() { Value = memberId });
        var roles = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            roles.Add(reader.GetString(0));
        return roles;
    }

    private sealed record IssuedCode(
        Guid Id,
        byte[] Hash,
        DateTimeOffset ExpiresAt,
        int FailedAttempts,
        DateTimeOffset? ConsumedAt
    );

    private sealed record MemberRow(long Id, string PublicId, DateTimeOffset? WithdrawnAt);
}
