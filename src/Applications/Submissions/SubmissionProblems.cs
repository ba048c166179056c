namespace Habatan.Applications.Submissions;

public static class SubmissionProblems
{
    public static IResult MissingIdempotencyKey() =>
        ValidationProblems.Of(
            new()
            {
                ["Idempotency-Key"] =
                [
                    "Idempotency-Key ヘッダーに、送信ごとに新しい8〜100文字の英数字・ハイフンの値を付けてください（再送時は同じ値）。",
                ],
            }
        );

    public static IResult NotMultipart() =>
        ValidationProblems.Of(
            new()
            {
                ["application"] =
                [
                    "申請内容（application）と本人確認書類の画像（idFront, idBack）を multipart/form-data で送信してください。",
                ],
            }
        );

    public static IResult KeyReusedWithOtherContent() =>
        TypedResults.Problem(
            title: "同じ送信キーで、前回と異なる内容が送信されました。",
            detail: "内容を変えて送り直す場合は、新しい Idempotency-Key を付けてください。前回の申請はそのまま保存されています。",
            statusCode: StatusCodes.Status422UnprocessableEntity
        );

    public static IResult TooLarge(int maxImageBytes) =>
        TypedResults.Problem(
            title: "送信された内容が大きすぎます。",
            detail: $"画像は1枚{maxImageBytes / (1024 * 1024)}MB以下にして、もう一度送信してください。",
            statusCode: StatusCodes.Status413PayloadTooLarge
        );
}
