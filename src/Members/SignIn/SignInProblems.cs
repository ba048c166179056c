namespace Habatan.Members.SignIn;

// What a person sees when sign-in does not go through: in Japanese, saying what to do next.
public static class SignInProblems
{
    public static IResult InvalidEmail(string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["email"] = [message] },
            title: "入力内容を確認してください。"
        );

    public static IResult InvalidCodeFormat() =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["code"] = ["コードは6桁の数字で入力してください。"] },
            title: "入力内容を確認してください。"
        );

    public static IResult TooManyRequests(TimeSpan window) =>
        TypedResults.Problem(
            title: "コードの請求が多すぎます。",
            detail: $"{(int)window.TotalMinutes}分ほど待ってから、もう一度お試しください。",
            statusCode: StatusCodes.Status429TooManyRequests
        );

    public static IResult CodeNotUsable() =>
        TypedResults.Problem(
            title: "コードが無効か、有効期限が切れています。",
            detail: "新しいコードを請求してください。",
            statusCode: StatusCodes.Status400BadRequest
        );

    public static IResult WrongCode(int attemptsLeft) =>
        attemptsLeft > 0
            ? TypedResults.Problem(
                title: "コードが正しくありません。",
                detail: $"あと{attemptsLeft}回入力できます。",
                statusCode: StatusCodes.Status400BadRequest
            )
            : TypedResults.Problem(
                title: "コードの入力を続けて間違えたため、このコードは使えなくなりました。",
                detail: "新しいコードを請求してください。",
                statusCode: StatusCodes.Status400BadRequest
            );

    public static IResult Withdrawn() =>
        TypedResults.Problem(
            title: "このアカウントは退会済みのため、サインインできません。",
            detail: "ご不明な点は事務局にお問い合わせください。",
            statusCode: StatusCodes.Status403Forbidden
        );
}
