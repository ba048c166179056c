using Habatan.ServiceDefaults.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

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
    private const string Busy = "混み合っているか、作業中です。";
    private const string TryAgain = "少し時間をおいてから、もう一度お試しください。";

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
        httpContext.Response.Headers.RetryAfter = ServiceUnavailable.RetryAfterSeconds;
        return await problems.WriteProblemAsync(
            httpContext,
            exception,
            StatusCodes.Status503ServiceUnavailable,
            "ただいま処理できません。",
            Busy + TryAgain
        );
    }

    [LoggerMessage(
        LogLevel.Error,
        "The database could not answer (SQLSTATE {SqlState}); answered 503 with Retry-After"
    )]
    private static partial void LogUnavailable(ILogger logger, string? sqlState, Exception exception);
}
