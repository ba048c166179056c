using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Habatan.Infrastructure.Http;

// A body that cannot be read (broken JSON, a missing body, too large) is the sender's mistake:
// every service says so in Japanese with its 4xx status, instead of the 500 the framework would report.
public sealed class UnreadableRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException unreadable) return false;
        httpContext.Response.StatusCode = unreadable.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = unreadable.StatusCode,
                Title = unreadable.StatusCode == StatusCodes.Status413PayloadTooLarge ? "送信された内容が大きすぎます。" : "送信された内容を読み取れませんでした。",
                Detail = "入力内容を確認して、もう一度送信してください。",
            },
        });
    }
}
