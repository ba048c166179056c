using Habatan.Contracts.SignIn;
using Habatan.Infrastructure.Outbox;
using Microsoft.Extensions.Options;

namespace Habatan.Members.SignIn;

// Issues a code and asks Notifications (through the outbox) to mail it. The answer is the same
// whether or not a member with that address exists: a first sign-in creates the member.
public sealed class SignInCodeRequests(
    DbSession session,
    IOutbox outbox,
    SignInCodeHasher hasher,
    IOptions<SignInOptions> options,
    TimeProvider time
)
{
    public async Task<IResult> RequestAsync(
        EmailAddress email,
        string? clientAddress,
        CancellationToken cancellationToken
    )
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var since = now - settings.RequestWindow;

        if (
            await ReachedAsync(
                "email_normalized",
                email.Normalized,
                since,
                settings.MaxCodesPerAddress,
                cancellationToken
            )
            || (
                clientAddress is not null
                && await ReachedAsync(
                    "client_address",
                    clientAddress,
                    since,
                    settings.MaxCodesPerClient,
                    cancellationToken
                )
            )
        )
        {
            return SignInProblems.TooManyRequests(settings.RequestWindow);
        }

        var codeId = Guid.NewGuid();
        var code = SignInCodeHasher.NewCode();
        var expiresAt = now + settings.CodeLifetime;
        await session.ExecuteAsync(
            """
            INSERT INTO sign_in_code (id, email_normalized, code_hash, client_address, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """,
            cancellationToken,
            codeId,
            email.Normalized,
            hasher.Hash(codeId, code),
            clientAddress,
            now,
            expiresAt
        );

        await outbox.PublishAsync(new SignInCodeRequested(codeId, email.Value, code, expiresAt), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Accepted(
            (string?)null,
            new SignInAccepted(
                "サインイン用のコードをメールで送りました。10分以内に入力してください。届かない場合は、アドレスを確かめてもう一度お試しください。"
            )
        );
    }

    // Whether the codes issued for this address or client ($1) since $2 reach the limit ($3). It
    // reads the column's index and stops at the limit: a request's cost does not grow with the table.
    internal static string RecentCodesSql(string column) =>
        $"""
            SELECT count(*) FROM (
                SELECT 1 FROM sign_in_code WHERE {column} = $1 AND created_at > $2 LIMIT $3) AS recent
            """;

    private async Task<bool> ReachedAsync(
        string column,
        string value,
        DateTimeOffset since,
        int limit,
        CancellationToken cancellationToken
    )
    {
        await using var command = await session.CommandAsync(RecentCodesSql(column), cancellationToken);
        command.Parameters.Add(new() { Value = value });
        command.Parameters.Add(new() { Value = since });
        command.Parameters.Add(new() { Value = (long)limit });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! >= limit;
    }
}
