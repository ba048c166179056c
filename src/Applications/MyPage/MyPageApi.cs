using Habatan.Applications.Campaigns;
using Habatan.Applications.Diagnostics;
using Habatan.Applications.Lifecycle;
using Habatan.Applications.Submissions;

namespace Habatan.Applications.MyPage;

// The applicant's own page. Who is asking comes from the token; an application number in the
// path only picks among the caller's own applications, and anyone else's reads as not found.
public static class MyPageApi
{
    public static IEndpointRouteBuilder MapMyPageApi(this IEndpointRouteBuilder app)
    {
        var myPage = app.MapGroup("/api/mypage").WithTags("My Page").RequireAuthorization(Policies.Member);
        myPage.MapGet("/applications", ListAsync);
        myPage.MapPost("/applications/{number}/correction", CorrectAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(
        ClaimsPrincipal user,
        MyPageReader reader,
        DbSession session,
        CancellationToken cancellationToken
    )
    {
        var view = await reader.ReadAsync(user.Subject(), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(view);
    }

    private static async Task<IResult> CorrectAsync(
        string number,
        CorrectionSubmission request,
        ClaimsPrincipal user,
        ApplicationRecords records,
        ApplicationTransitions transitions,
        DbSession session,
        ApplicationsMetrics metrics,
        CancellationToken cancellationToken
    )
    {
        var owner = user.Subject();
        var application = ApplicationNumber.TryParse(number, out var stored)
            ? await records.FindForUpdateAsync(stored, owner, cancellationToken)
            : null;
        if (application is null)
        {
            metrics.DeniedAccess("mypage-correction");
            return LifecycleProblems.NotFound();
        }
        if (application.CampaignSuspended)
            return TypedResults.Problem(
                title: CampaignProblems.SuspendedTitle,
                detail: "再開後に、もう一度修正を送信してください。",
                statusCode: StatusCodes.Status503ServiceUnavailable
            );

        var errors = new Dictionary<string, string[]>();
        var note = request.Note?.Trim();
        if (string.IsNullOrEmpty(note) || note.Length > 1000)
            errors["note"] = ["修正した内容を1000文字以内で入力してください。"];
        string? Field(string? value, Func<string?, string?> rule, string name, string message)
        {
            if (string.IsNullOrWhiteSpace(value))
                return null;
            var normalised = rule(value.Trim());
            if (normalised is null)
                errors[name] = [message];
            return normalised;
        }
        var phone = Field(request.Phone, ContactRules.Phone, "phone", ContactRules.PhoneMessage);
        var email = Field(
            request.Email,
            ContactRules.Email,
            "email",
            EmailAddress.Parse(request.Email, out _) ?? ContactRules.EmailMessage
        );
        var postalCode = Field(
            request.PostalCode,
            ContactRules.PostalCode,
            "postalCode",
            ContactRules.PostalCodeMessage
        );
        var address = Field(request.Address, ContactRules.Address, "address", ContactRules.AddressMessage);
        if (errors.Count > 0)
            return ValidationProblems.Of(errors);

        try
        {
            // Refused before anything changes: only an application asked for a correction takes one.
            StatusTransitions.Guard(application.Status, ApplicationStatus.Corrected, Actor.Applicant);
            await session.ExecuteAsync(
                """
                UPDATE application SET phone = coalesce($2, phone), email = coalesce($3, email),
                    postal_code = coalesce($4, postal_code), address = coalesce($5, address),
                    phone_key = $6, address_key = $7
                WHERE id = $1
                """,
                cancellationToken,
                application.Id,
                phone,
                email,
                postalCode,
                address,
                HouseholdKey.Phone(phone ?? application.Phone),
                HouseholdKey.Address(address ?? application.Address)
            );
            var at = await transitions.ApplyAsync(
                application,
                ApplicationStatus.Corrected,
                Actor.Applicant,
                owner,
                note!,
                [],
                cancellationToken
            );
            await session.CommitAsync(cancellationToken);
            return TypedResults.Ok(
                new CorrectionAccepted(
                    ApplicationNumber.Display(stored),
                    nameof(ApplicationStatus.Corrected),
                    ApplicationStatusLabels.Label(ApplicationStatus.Corrected),
                    Jst.Of(at)
                )
            );
        }
        catch (TransitionRefusedException)
        {
            return TypedResults.Problem(
                title: "この申請は現在、修正を受け付けていません。",
                detail: "修正のお願いが届いている申請だけ修正できます。状況はマイペー"
                    + "ジでご確認ください。",
                statusCode: StatusCodes.Status409Conflict
            );
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return TypedResults.Problem(
                title: "同じ世帯の申請がすでにあるため、この内容には変更できません。",
                detail: "内容を確認して、事務局にお問い合わせください。",
                statusCode: StatusCodes.Status409Conflict
            );
        }
    }
}

public sealed record CorrectionAccepted(
    string ApplicationNumber,
    string Status,
    string StatusLabel,
    DateTimeOffset UpdatedAt
);
