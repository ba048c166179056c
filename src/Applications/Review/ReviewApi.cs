using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Review;

// For reviewers: the queue, one application in full (audited), and its state changes.
public static class ReviewApi
{
    public const string DocumentPolicy = "sandbox; default-src 'none'";
    private static readonly ApplicationStatus[] Actionable =
    [
        ApplicationStatus.Submitted,
        ApplicationStatus.Accepted,
        ApplicationStatus.Corrected,
    ];

    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var review = app.MapGroup("/api/applications/review")
            .WithTags("Review")
            .RequireAuthorization(Policies.Reviewer);
        review.MapGet("/queue", QueueAsync);
        review.MapGet("/applications/{number}", ReadAsync);
        review.MapGet("/applications/{number}/documents/{side}", ReadDocumentAsync);
        review.MapPost("/applications/{number}/transitions", TransitionAsync);
        return app;
    }

    private static async Task<IResult> QueueAsync(
        string? status,
        string? campaign,
        int? limit,
        ReviewReader reader,
        CancellationToken cancellationToken
    )
    {
        ApplicationStatus[] statuses = Actionable;
        if (status is not null)
        {
            if (!ApplicationStatusLabels.TryParseName(status, out var one))
                return ValidationProblems.Of(
                    new() { ["status"] = [$"状態は {ApplicationStatusLabels.Names} のいずれかを指定してください。"] }
                );
            statuses = [one];
        }
        return TypedResults.Ok(
            await reader.QueueAsync(statuses, campaign, Math.Clamp(limit ?? 100, 1, 500), cancellationToken)
        );
    }

    private static async Task<IResult> ReadAsync(
        string number,
        ClaimsPrincipal user,
        ReviewReader reader,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        if (!ApplicationNumber.TryParse(number, out var stored))
            return LifecycleProblems.BadNumber();
        var detail = await reader.ReadAsync(stored, user.Subject(), cancellationToken);
        if (detail is null)
            return LifecycleProblems.NotFound();
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(detail);
    }

    // The image goes to the reviewer's browser only: never cached, never logged, and never
    // rendered as a page. It was re-encoded from its pixels when stored; still, it is served as a
    // download, its type is not to be guessed, and should a browser show it anyway the sandbox
    // keeps it from running anything or reaching the portal's origin.
    private static async Task<IResult> ReadDocumentAsync(
        string number,
        string side,
        ClaimsPrincipal user,
        ReviewReader reader,
        DbSession session,
        HttpContext http,
        CancellationToken cancellationToken
    )
    {
        if (!ApplicationNumber.TryParse(number, out var stored))
            return LifecycleProblems.BadNumber();
        if (side is not ("front" or "back"))
            return LifecycleProblems.NotFound();
        var image = await reader.ReadDocumentAsync(stored, side, user.Subject(), cancellationToken);
        if (image is null)
            return LifecycleProblems.NotFound();
        await session.CommitAsync(cancellationToken);
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = DocumentPolicy;
        var extension = image.ContentType == "image/png" ? "png" : "jpg";
        var fileName = $"{ApplicationNumber.Display(stored)}-{side}.{extension}";
        return TypedResults.File(image.Content, image.ContentType, fileName);
    }

    private static async Task<IResult> TransitionAsync(
        string number,
        TransitionRequest request,
        ClaimsPrincipal user,
        ApplicationRecords records,
        ApplicationTransitions transitions,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        var errors = new Dictionary<string, string[]>();
        var parsed = ApplicationStatusLabels.TryParseName(request.To, out var to);
        if (!parsed)
            errors["to"] = [$"変更後の状態は {ApplicationStatusLabels.Names} のいずれかを指定してください。"];
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 1000)
            errors["reason"] = ["理由を1000文字以内で入力してください。"];
        var items = request.Items?.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).ToList() ?? [];
        if (items.Count > 20 || items.Any(i => i.Length > 200))
            errors["items"] = ["修正してほしい項目は20件まで、各200文字以内で入力してください。"];
        else if (parsed && to == ApplicationStatus.NeedsCorrection && items.Count == 0)
            errors["items"] = ["申請者に修正してほしい項目を1件以上入力してください。"];
        if (errors.Count > 0)
            return ValidationProblems.Of(errors);

        if (!ApplicationNumber.TryParse(number, out var stored))
            return LifecycleProblems.NotFound();
        var application = await records.FindForUpdateAsync(stored, owner: null, cancellationToken);
        if (application is null)
            return LifecycleProblems.NotFound();
        var reviewer = user.Subject();
        if (!ReviewerIsNotTheApplicant.Allows(application, Actor.Reviewer, reviewer))
            return LifecycleProblems.OwnApplication();

        try
        {
            var at = await transitions.ApplyAsync(
                application,
                to,
                Actor.Reviewer,
                reviewer,
                request.Reason!.Trim(),
                items,
                cancellationToken
            );
            await session.CommitAsync(cancellationToken);
            return TypedResults.Ok(
                new TransitionResult(
                    ApplicationNumber.Display(stored),
                    to.ToString(),
                    ApplicationStatusLabels.Label(to),
                    Campaigns.Jst.Of(at)
                )
            );
        }
        catch (TransitionRefusedException refused)
        {
            return LifecycleProblems.Refused(refused);
        }
        catch (OwnApplicationReviewException)
        {
            return LifecycleProblems.OwnApplication();
        }
    }
}
