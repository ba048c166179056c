using Microsoft.AspNetCore.Mvc;

namespace Habatan.Members.Imports;

// What ops see when an upload is refused: in Japanese, saying what to do next.
public static class ImportProblems
{
    public static IResult UnknownKind(string kind) =>
        TypedResults.Problem(
            title: "取り込みの種類が正しくありません。",
            detail: $"「{kind}」ではなく roster（会員名簿）か entitlements（権利・チャージ）を"
                + $"指定してください。",
            statusCode: StatusCodes.Status404NotFound
        );

    public static IResult NoFile() =>
        TypedResults.Problem(
            title: "ファイルがありません。",
            detail: "CSV（UTF-8）か Excel（.xlsx）のファイルを、本文そのものか multipart/form-data"
                + " の file として送ってください。",
            statusCode: StatusCodes.Status400BadRequest
        );

    public static IResult BadFileName(string refusal) =>
        TypedResults.Problem(
            new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["file"] = [$"ファイル名の{refusal}"] })
            {
                Title = "ファイル名を確認してください。",
                Detail = "ファイル名を変えてから、もう一度アップロードしてください。",
                Status = StatusCodes.Status422UnprocessableEntity,
            }
        );

    public static IResult TooLarge(long maxBytes) =>
        TypedResults.Problem(
            title: "ファイルが大きすぎます。",
            detail: $"{maxBytes / (1024 * 1024)}MB までのファイルにしてください。",
            statusCode: StatusCodes.Status413PayloadTooLarge
        );

    // The whole file is refused. The body lists the first bad cells and the total; the report
    // lists every one of them. A refused job's status shows it as its "problem".
    public static ProblemDetails RejectedDetails(ImportResult result, string reportUrl) =>
        new()
        {
            Type = "https://tools.ietf.org/html/rfc4918#section-11.2",
            Title = "ファイルに誤りがあるため、取り込みませんでした（何も保存していま"
                + "せん）。",
            Detail =
                $"{result.ErrorCount}件の誤りがあります。エラー一覧（CSV）をダウンロー"
                    + $"ドし、すべて直してからもう一度アップロードしてください。",
            Status = StatusCodes.Status422UnprocessableEntity,
            Extensions =
            {
                ["importId"] = result.ImportId,
                ["rowCount"] = result.RowCount,
                ["errorCount"] = result.ErrorCount,
                // Not "errors": in every problem of ours that key maps a field to its messages.
                ["cells"] = result.Errors,
                ["cellsShown"] = result.Errors.Count,
                ["errorReport"] = reportUrl,
            },
        };

    public static IResult JobNotFound() =>
        TypedResults.Problem(
            title: "取り込みジョブが見つかりません。",
            detail: "アップロードの応答にあったジョブIDか状態URLを確認してください。",
            statusCode: StatusCodes.Status404NotFound
        );

    public static IResult BadJobId() =>
        TypedResults.Problem(
            new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { ["id"] = ["ジョブIDの形式が正しくありません（UUID）。"] }
            )
            {
                Title = "ジョブIDを確認してください。",
                Detail = "アップロードの応答にあった状態URLをそのまま使ってください。",
                Status = StatusCodes.Status400BadRequest,
            }
        );

    public static IResult NotFound() =>
        TypedResults.Problem(title: "取り込み履歴が見つかりません。", statusCode: StatusCodes.Status404NotFound);
}
