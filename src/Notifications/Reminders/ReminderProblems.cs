namespace Habatan.Notifications.Reminders;

// Refusals of the reminder API, saying what to do next.
public static class ReminderProblems
{
    // 422 with the field errors, as Applications and Members answer a request that is readable
    // but wrong: the sender must change a value, not the request's form.
    public static IResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(
            new HttpValidationProblemDetails(errors)
            {
                Title = "入力内容を確認してください。",
                Status = StatusCodes.Status422UnprocessableEntity,
            }
        );

    public static IResult NotFound() =>
        TypedResults.Problem(
            title: "リマインド配信が見つかりません。",
            detail: "IDを確認してください。",
            statusCode: StatusCodes.Status404NotFound
        );

    public static IResult SelfApproval() =>
        TypedResults.Problem(
            title: "依頼者本人は承認できません。",
            detail: "作成・件数修正・再抽出を行った方とは別の、承認者の役割を持つ方が承認してください（ダブルチェック）。",
            statusCode: StatusCodes.Status403Forbidden
        );

    public static IResult WrongState(string state, string action) =>
        TypedResults.Problem(
            title: $"現在の状態（{state}）では{action}できません。",
            detail: "配信の状態を確認してから、もう一度お試しください。",
            statusCode: StatusCodes.Status409Conflict
        );

    public static IResult StaleSnapshot() =>
        TypedResults.Problem(
            title: "承認しようとした対象者スナップショットは最新ではありません。",
            detail: "対象者が再抽出されたか件数が修正されました。最新のスナップショット（IDとダイジェスト）を確認してから承認してください。",
            statusCode: StatusCodes.Status409Conflict
        );

    public static IResult TestSendMissing() =>
        TypedResults.Problem(
            title: "このスナップショットのテスト送信がまだ行われていません。",
            detail: "先にテスト送信を行い、届いた内容を確認してから承認してください。",
            statusCode: StatusCodes.Status409Conflict
        );

    public static IResult TestSendFailed() =>
        TypedResults.Problem(
            title: "テスト送信に失敗しました。",
            detail: "メールサーバーの状態を確認して、もう一度お試しください。",
            statusCode: StatusCodes.Status503ServiceUnavailable
        );
}
