using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Habatan.ServiceDefaults.Input;

// A request that cannot be read (broken JSON, a missing or empty body, `[]` or `null` where an
// object belongs, a number where text belongs, text the input-text rule refuses, a query value
// that is not a number) is the sender's mistake: every host, the gateway included, says so in
// Japanese with the field named and a 4xx status, never the framework's 500.
public sealed partial class UnreadableRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        if (exception is not BadHttpRequestException unreadable)
            return false;
        var (status, title, field, message) = Describe(unreadable);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new HttpValidationProblemDetails(
                    new Dictionary<string, string[]> { [field] = [message] }
                )
                {
                    Status = status,
                    Title = title,
                    Detail = "入力内容を確認して、もう一度送信してください。",
                },
            }
        );
    }

    private static (int Status, string Title, string Field, string Message) Describe(BadHttpRequestException unreadable)
    {
        const string unreadableTitle = "送信された内容を読み取れませんでした。";
        if (unreadable.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return (413, "送信された内容が大きすぎます。", "body", "送信する内容を小さくしてください。");
        switch (unreadable.InnerException)
        {
            case InputTextException refused:
                return (
                    StatusCodes.Status422UnprocessableEntity,
                    "入力内容を確認してください。",
                    FieldOf(refused.Path),
                    refused.Message
                );
            case JsonException json when FieldOf(json.Path) is var field && field != "body":
                return (
                    400,
                    unreadableTitle,
                    field,
                    "値の形式が正しくありません（文字・数値・一覧・true/false の別を確認してください）。"
                );
            case JsonException:
                return (
                    400,
                    unreadableTitle,
                    "body",
                    "送信内容を JSON のオブジェクト（{ … }）として読み取れませんでした。"
                );
        }
        // "Failed to bind parameter "int? limit" from "abc"." and its kin name the parameter.
        if (BoundParameter().Match(unreadable.Message) is { Success: true } bound && !IsBody(unreadable.Message))
            return (400, unreadableTitle, bound.Groups["name"].Value, "値の形式が正しくありません。");
        return (
            unreadable.StatusCode,
            unreadableTitle,
            "body",
            "送信内容を JSON のオブジェクト（{ … }）として送ってください。空の本文や null は受け付けません。"
        );
    }

    private static bool IsBody(string message) => message.Contains("body", StringComparison.OrdinalIgnoreCase);

    // "$.representative.email" → "representative.email"; "$" or nothing → the body as a whole.
    private static string FieldOf(string? path) =>
        path is null or "$" || !path.StartsWith('$') ? "body" : path.TrimStart('$').TrimStart('.');

    [GeneratedRegex("parameter \"(?:[^\"]*\\s)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex BoundParameter();
}
