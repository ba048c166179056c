namespace Habatan.Applications;

// 422 with every bad field and what to do about it, the shape every form of the portal reads.
public static class ValidationProblems
{
    public const string Title = "入力内容を確認してください。";

    public static IResult Of(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(
            new HttpValidationProblemDetails(errors)
            {
                Title = Title,
                Detail = "誤りのある項目をすべて示しています。直してからもう一度送信してください。",
                Status = StatusCodes.Status422UnprocessableEntity,
            }
        );
}
