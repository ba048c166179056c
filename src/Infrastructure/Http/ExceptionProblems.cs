using Microsoft.AspNetCore.Http;

namespace Habatan.Infrastructure.Http;

// How an exception handler that recognised its exception answers: the status and a problem
// detail in Japanese, written by the host's problem-details service (so it carries the trace id).
public static class ExceptionProblems
{
    public static ValueTask<bool> WriteProblemAsync(
        this IProblemDetailsService problems,
        HttpContext httpContext,
        Exception exception,
        int status,
        string title,
        string detail
    )
    {
        httpContext.Response.StatusCode = status;
        return problems.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails =
                {
                    Status = status,
                    Title = title,
                    Detail = detail,
                },
            }
        );
    }
}
