using Habatan.Applications.Campaigns;

namespace Habatan.Applications.Audit;

// The breach-scope report for auditors (the ops audit page's 漏えい範囲 tab): JSON for the page,
// CSV for the prefecture. Times with an offset, or without one meaning JST. The cause and the
// measures are the auditor's words, carried into the report as written.
public static class BreachScopeApi
{
    private const int MaxTextLength = 2000;
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(400);

    public static IEndpointRouteBuilder MapBreachScopeApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/applications/audit")
            .WithTags("Access audit")
            .RequireAuthorization(Policies.Auditor);
        audit.MapGet(
            "/breach-scope",
            async (
                [AsParameters] BreachScopeParameters parameters,
                BreachScope scope,
                CancellationToken cancellationToken
            ) =>
                Parse(parameters, out var query) is { } problem
                    ? problem
                    : TypedResults.Ok(await scope.ReportAsync(query, cancellationToken))
        );
        audit.MapGet(
            "/breach-scope.csv",
            async (
                [AsParameters] BreachScopeParameters parameters,
                BreachScope scope,
                CancellationToken cancellationToken
            ) =>
            {
                if (Parse(parameters, out var query) is { } problem)
                    return problem;
                var report = await scope.ReportAsync(query, cancellationToken);
                return TypedResults.File(
                    BreachScopeCsv.Write(report),
                    "text/csv; charset=utf-8",
                    $"breach-scope-{report.GeneratedAt:yyyyMMddHHmmss}.csv"
                );
            }
        );
        return app;
    }

    private static IResult? Parse(BreachScopeParameters p, out BreachScopeQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Jst.TryParse(p.From, out var from))
            errors["from"] = ["開始日時を入力してください（例: 2026-05-01T00:00、時差なしは日本時間）。"];
        if (!Jst.TryParse(p.To, out var to))
            errors["to"] = ["終了日時を入力してください（例: 2026-05-09T00:00、時差なしは日本時間）。"];
        else if (errors.Count == 0 && (to <= from || to - from > MaxWindow))
            errors["to"] = ["終了日時は開始日時より後、400日以内にしてください。"];
        var stage = p.Stage switch
        {
            null or "" or "first" => BreachStage.First,
            "final" => BreachStage.Final,
            _ => (BreachStage?)null,
        };
        if (stage is null)
            errors["stage"] = ["報告の区分は first（速報）か final（確報）を指定してください。"];
        Text(p.Route, "route", TextLines.OneLine, errors);
        Text(p.Reader, "reader", TextLines.OneLine, errors);
        Text(p.Cause, "cause", TextLines.MultiLine, errors);
        Text(p.Measures, "measures", TextLines.MultiLine, errors);
        query = new(from, to, Blank(p.Route), Blank(p.Reader), stage ?? default, Blank(p.Cause), Blank(p.Measures));
        return errors.Count > 0 ? ValidationProblems.Of(errors) : null;
    }

    private static void Text(string? value, string field, TextLines lines, Dictionary<string, string[]> errors)
    {
        if (value is null)
            return;
        if (value.Length > MaxTextLength)
            errors[field] = [$"{MaxTextLength}文字以内で入力してください。"];
        else if (InputText.Refusal(value, lines) is { } refusal)
            errors[field] = [refusal];
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed record BreachScopeParameters(
    string? From,
    string? To,
    string? Route,
    string? Reader,
    string? Stage,
    string? Cause,
    string? Measures
);
