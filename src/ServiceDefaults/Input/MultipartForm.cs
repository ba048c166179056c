using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Habatan.ServiceDefaults.Input;

// Reading a multipart form, for every endpoint that takes one: a form that cannot be read (no
// boundary, a boundary the body never uses, a part cut short) is 400 「フォームを読み取れません
// でした」; only a body over a size limit is 413.
public static class MultipartForm
{
    public const string UnreadableTitle = "フォームを読み取れませんでした。";

    public static bool HasBoundary(HttpRequest request, out string boundary)
    {
        boundary = "";
        if (
            !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        )
            return false;
        boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value ?? "";
        return boundary.Length > 0;
    }

    public static async Task<FormReadResult> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!HasBoundary(request, out _))
            return FormReadResult.Unreadable;
        try
        {
            return new FormReadResult(await request.ReadFormAsync(cancellationToken), FormReadFailure.None);
        }
        catch (Exception e) when (IsTooLarge(e))
        {
            return FormReadResult.TooLarge;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return FormReadResult.Unreadable;
        }
    }

    // Kestrel's body limit is a 413 BadHttpRequestException; FormOptions' limits (body length,
    // value length, value count) are InvalidDataExceptions that say "... limit ... exceeded".
    public static bool IsTooLarge(Exception e) =>
        e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
        || e is InvalidDataException && e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase);

    public static IResult Unreadable(string field) =>
        TypedResults.Problem(
            new HttpValidationProblemDetails(
                new Dictionary<string, string[]>
                {
                    [field] =
                    [
                        "multipart/form-data の形式（boundary）が正しくありません。ページを開き直して、もう一度送信してください。",
                    ],
                }
            )
            {
                Title = UnreadableTitle,
                Detail = "送信の途中で内容が壊れたか、形式が正しくありません。",
                Status = StatusCodes.Status400BadRequest,
            }
        );
}

public enum FormReadFailure
{
    None,
    Unreadable,
    TooLarge,
}

public sealed record FormReadResult(IFormCollection? Form, FormReadFailure Failure)
{
    public static readonly FormReadResult Unreadable = new(null, FormReadFailure.Unreadable);
    public static readonly FormReadResult TooLarge = new(null, FormReadFailure.TooLarge);
}
