using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Habatan.ServiceDefaults.Input;

// The problem details the input rules write themselves (before any endpoint runs), in the
// shape every form of the portal reads: "errors" maps the field to its messages.
public static class InputProblems
{
    public static Task WriteAsync(
        HttpContext http,
        int status,
        string title,
        string field,
        string message,
        string? detail = null
    )
    {
        http.Response.StatusCode = status;
        return http
            .RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(
                new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new HttpValidationProblemDetails(
                        new Dictionary<string, string[]> { [field] = [message] }
                    )
                    {
                        Status = status,
                        Title = title,
                        Detail = detail ?? "入力内容を確認して、もう一度送信してください。",
                    },
                }
            )
            .AsTask();
    }
}
