namespace Habatan.Gateway.BrowserSession;

// What the portal shows when a browser-session request is refused: in Japanese, saying what to do.
internal static class SessionProblems
{
    public static IResult Forgery() =>
        TypedResults.Problem(
            title: "このリクエストは受け付けられませんでした。",
            detail: "ページを開き直してから、もう一度お試しください。解決しない場合は、サインインし直してください。",
            statusCode: StatusCodes.Status403Forbidden
        );

    public static IResult MembersUnavailable() =>
        TypedResults.Problem(
            title: "ただいまサインインできません。",
            detail: "しばらく待ってから、もう一度お試しください。",
            statusCode: StatusCodes.Status503ServiceUnavailable
        );
}
