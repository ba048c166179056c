using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Habatan.Infrastructure.Http;

// A database that cannot answer now (stopped, restarting, out of connections, a timeout under
// load) is no fault of the request: 503 with Retry-After, so a person or a client tries again,
// instead of a 500 that reads like a bug. A transaction that failed this way did not commit
// before the answer, except a commit whose answer was lost: the retry meets the same rules
// (one valid application per member) as any second try. Other database errors stay 500.
public sealed partial class DatabaseUnavailableHandler(
    IProblemDetailsService problems,
    ILogger<DatabaseUnavailableHandler> logger
) : IExceptionHandler
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        if (exception is not NpgsqlException { IsTransient: true } unavailable || httpContext.Response.HasStarted)
            return false;
        // Handled exceptions are not logged by the middleware; the engineer on call needs this one.
        LogUnavailable(logger, (unavailable as PostgresException)?.SqlState, exception);
        httpContext.Response.Headers[HeaderNames.RetryAfter] = ((int)RetryAfter.TotalSeconds).ToString(
            System.Globalization.CultureInfo.InvariantCulture
        );
        return await problems.WriteProblemAsync(
            httpContext,
            exception,
            StatusCodes.Status503ServiceUnavailable,
            "ただいま処理できません。",
            "混み合っているか、作業中です。少し時間をおいてから、もう一度お試しください。"
        );
    }

    [LoggerMessage(
        LogLevel.Error,
        "The database could not answer (SQLSTATE {SqlState}); answered 503 with Retry-After"
    )]
    private static partial void LogUnavailable(ILogger logger, string? sqlState, Exception exception);
}
