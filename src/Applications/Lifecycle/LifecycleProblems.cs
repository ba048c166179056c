namespace Habatan.Applications.Lifecycle;

public static class LifecycleProblems
{
    // The same answer for "no such number" and "not yours": a number reveals nothing.
    public static IResult NotFound() =>
        TypedResults.Problem(
            title: "申請が見つかりません。",
            detail: "申請番号を確認してください。",
            statusCode: StatusCodes.Status404NotFound
        );

    public static IResult BadNumber() => NotFound();

    public static IResult OwnApplication() =>
        TypedResults.Problem(
            title: "ご自身の申請は審査できません。",
            detail: "別の審査担当者に依頼してください。",
            statusCode: StatusCodes.Status403Forbidden
        );

    public static IResult Refused(TransitionRefusedException refused) =>
        TypedResults.Problem(
            title: "この状態の変更はできません。",
            detail: $"「{ApplicationStatusLabels.Label(refused.From)}」から"
                + $"「{ApplicationStatusLabels.Label(refused.To)}」へは変更できません。",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?>
            {
                ["from"] = refused.From.ToString(),
                ["to"] = refused.To.ToString(),
            }
        );
}
