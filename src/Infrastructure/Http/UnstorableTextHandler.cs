using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Habatan.Infrastructure.Http;

// The last line for text no endpoint checked: a NUL that PostgreSQL refuses (22021) or a lone
// surrogate no encoder can write is the sender's mistake, so a 400 that says so, never a 500.
// The input rules of each form still name the field (422); this only keeps a missed one honest.
public sealed class UnstorableTextHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        var unstorable =
            exception is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire }
            || exception is System.Text.EncoderFallbackException
            || exception.InnerException is System.Text.EncoderFallbackException;
        if (!unstorable || httpContext.Response.HasStarted)
            return false;
        return await problems.WriteProblemAsync(
            httpContext,
            exception,
            StatusCodes.Status400BadRequest,
            "使えない文字が含まれています。",
            "制御文字や壊れた文字を取り除いて、もう一度送信してください。"
        );
    }
}
