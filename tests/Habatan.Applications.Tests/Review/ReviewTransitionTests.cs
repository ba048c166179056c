using Habatan.Applications.Lifecycle;

namespace Habatan.Applications.Tests.Review;

// Issue 4, point 4: a reviewer moves an application only along the allowed edges, each step
// with who, when and why; the applicant only from NeedsCorrection to Corrected.
[Collection(ServersCollection.Name)]
public sealed class ReviewTransitionTests(ServersFixture servers) : OpenCampaignTests(servers)
{
    private static readonly HashSet<(ApplicationStatus, ApplicationStatus)> ReviewerEdges =
    [
        (ApplicationStatus.Submitted, ApplicationStatus.Accepted),
        (ApplicationStatus.Submitted, ApplicationStatus.Rejected),
        (ApplicationStatus.Accepted, ApplicationStatus.NeedsCorrection),
        (ApplicationStatus.Accepted, ApplicationStatus.Approved),
        (ApplicationStatus.Accepted, ApplicationStatus.Rejected),
        (ApplicationStatus.NeedsCorrection, ApplicationStatus.Rejected),
        (ApplicationStatus.Corrected, ApplicationStatus.NeedsCorrection),
        (ApplicationStatus.Corrected, ApplicationStatus.Approved),
        (ApplicationStatus.Corrected, ApplicationStatus.Rejected),
    ];

    public static TheoryData<ApplicationStatus, ApplicationStatus> EveryPair()
    {
        var data = new TheoryData<ApplicationStatus, ApplicationStatus>();
        foreach (var from in Enum.GetValues<ApplicationStatus>())
        foreach (var to in Enum.GetValues<ApplicationStatus>())
            data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public async Task AReviewerMovesAnApplicationOnlyAlongAllowedEdges(ApplicationStatus from, ApplicationStatus to)
    {
        var member = new Applicant(Service);
        var number = await SubmittedInStateAsync(member, from);

        var answer = await Ops.TransitionAsync(
            number.Display,
            to.ToString(),
            "審査メモ",
            ["本人確認書類の画像が不鮮明です"]
        );

        var now = await Service.TextAsync("SELECT status FROM application WHERE public_id = $1", number.Stored);
        if (ReviewerEdges.Contains((from, to)))
        {
            Assert.True(answer.Status == HttpStatusCode.OK, answer.Body);
            Assert.Equal(to.ToString(), now);
            Assert.Equal(
                1,
                await Service.ScalarAsync(
                    """
                    SELECT count(*) FROM application_event e JOIN application a ON a.id = e.application_id
                    WHERE a.public_id = $1 AND e.from_status = $2 AND e.to_status = $3 AND e.actor = $4
                        AND e.actor_role = 'reviewer' AND e.reason = '審査メモ'
                    """,
                    number.Stored,
                    from.ToString(),
                    to.ToString(),
                    Ops.ReviewerSubject
                )
            );
        }
        else
        {
            Assert.True(answer.Status == HttpStatusCode.Conflict, answer.Body);
            Assert.Equal("この状態の変更はできません。", answer.Json.GetProperty("title").GetString());
            Assert.Equal(from.ToString(), now);
            Assert.Equal(
                0,
                await Service.ScalarAsync(
                    """
                    SELECT count(*) FROM application_event e JOIN application a ON a.id = e.application_id
                    WHERE a.public_id = $1 AND e.actor_role = 'reviewer' AND e.to_status = $2 AND e.from_status = $3
                    """,
                    number.Stored,
                    to.ToString(),
                    from.ToString()
                )
            );
        }
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void TheApplicantMayOnlyMarkACorrectionDone(ApplicationStatus from, ApplicationStatus to) =>
        Assert.Equal(
            from == ApplicationStatus.NeedsCorrection && to == ApplicationStatus.Corrected,
            StatusTransitions.Allows(from, to, Actor.Applicant)
        );

    [Fact]
    public async Task ACorrectionRequestMailsTheApplicantThroughNotificationsAndShowsOnMyPage()
    {
        var member = new Applicant(Service);
        var number = await SubmittedInStateAsync(member, ApplicationStatus.Accepted);

        var answer = await Ops.TransitionAsync(
            number.Display,
            "NeedsCorrection",
            "画像不鮮明",
            ["本人確認書類（表面）を撮り直してください", "電話番号を確認してください"]
        );

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var message = Assert.Single(
            await Servers.Published.WaitForAsync(
                PublishedMessages.CorrectionRequested,
                m => m.GetProperty("applicationNumber").GetString() == number.Display
            )
        );
        Assert.Equal(member.Person.Email, message.GetProperty("email").GetString());
        Assert.Equal(member.Subject, message.GetProperty("memberId").GetString());
        Assert.Equal(Code, message.GetProperty("campaignCode").GetString());
        Assert.Equal(
            ["本人確認書類（表面）を撮り直してください", "電話番号を確認してください"],
            message.GetProperty("items").EnumerateArray().Select(i => i.GetString())
        );

        var page = await member.MyPageAsync();
        var shown = page.Json.GetProperty("applications")[0];
        Assert.Equal("不備対応中", shown.GetProperty("statusLabel").GetString());
        Assert.Equal(
            "電話番号を確認してください",
            shown.GetProperty("corrections")[0].GetProperty("items")[1].GetString()
        );
        Assert.DoesNotContain("画像不鮮明", page.Body, StringComparison.Ordinal); // the reviewer's note stays internal
    }

    [Fact]
    public async Task TheApplicantCorrectsThroughMyPageAndTheReviewerApproves()
    {
        var member = new Applicant(Service);
        var number = await SubmittedInStateAsync(member, ApplicationStatus.Accepted);
        await Ops.TransitionAsync(number.Display, "NeedsCorrection", "電話番号不通", ["電話番号を確認してください"]);

        var corrected = await member.CorrectAsync(
            number.Display,
            new { note = "電話番号を直しました", phone = "078-341-7711" }
        );
        var again = await member.CorrectAsync(number.Display, new { note = "もう一度" });
        var approved = await Ops.TransitionAsync(number.Display, "Approved", "確認済み");

        Assert.True(corrected.Status == HttpStatusCode.OK, corrected.Body);
        Assert.Equal("修正済", corrected.Json.GetProperty("statusLabel").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal(HttpStatusCode.OK, approved.Status);
        Assert.Equal(
            "078-341-7711",
            await Service.TextAsync("SELECT phone FROM application WHERE public_id = $1", number.Stored)
        );
        Assert.Equal(
            "審査完了",
            (await member.MyPageAsync()).Json.GetProperty("applications")[0].GetProperty("statusLabel").GetString()
        );

        var history = await ReadAsync(number.Display);
        Assert.Equal(
            ["Submitted", "Accepted", "NeedsCorrection", "Corrected", "Approved"],
            history.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString())
        );
        Assert.Equal(member.Subject, history.GetProperty("history")[3].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task ApprovalPublishesTheEntitlementInWholeYen()
    {
        var member = new Applicant(Service);
        var number = await SubmittedInStateAsync(member, ApplicationStatus.Accepted);

        Assert.Equal(HttpStatusCode.OK, (await Ops.TransitionAsync(number.Display, "Approved", "確認済み")).Status);

        var message = Assert.Single(
            await Servers.Published.WaitForAsync(
                PublishedMessages.Approved,
                m => m.GetProperty("applicationId").GetString() == number.Display
            )
        );
        Assert.Equal(member.Subject, message.GetProperty("memberId").GetString());
        Assert.Equal(4, message.GetProperty("units").GetInt32());
        Assert.Equal(20000, message.GetProperty("purchaseAmountYen").GetInt64());
        Assert.Equal(5000, message.GetProperty("premiumAmountYen").GetInt64());
    }

    [Fact]
    public async Task AReviewerCannotReviewTheirOwnApplication()
    {
        var ownCode = await Ops.OpenCampaignAsync();
        var reviewerAsApplicant = new Applicant(Service);
        var form = reviewerAsApplicant.Form(ownCode);
        using var client = Service.ClientFor(Service.Tokens.For(Ops.ReviewerSubject));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions")
        {
            Content = form.ToContent(),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var own = await Answer.ReadAsync(await client.SendAsync(request));

        var answer = await Ops.TransitionAsync(own.Number, "Accepted");

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal(
            "Submitted",
            await Service.TextAsync("SELECT status FROM application WHERE public_id = $1", own.StoredNumber)
        );
    }

    [Fact]
    public async Task ReviewerIsNotTheApplicantEvenWhenTheTransitionGoesAroundTheApi()
    {
        // The transition called as any code of the service could, with the owner as reviewer:
        // the transition itself refuses, and nothing is written.
        var member = new Applicant(Service);
        var number = await SubmittedInStateAsync(member, ApplicationStatus.Submitted);

        await using (var scope = Service.Services.CreateAsyncScope())
        {
            var application = await scope
                .ServiceProvider.GetRequiredService<ApplicationRecords>()
                .FindForUpdateAsync(number.Stored, owner: null, CancellationToken.None);
            var transitions = scope.ServiceProvider.GetRequiredService<ApplicationTransitions>();
            await Assert.ThrowsAsync<OwnApplicationReviewException>(() =>
                transitions.ApplyAsync(
                    application!,
                    ApplicationStatus.Accepted,
                    Actor.Reviewer,
                    member.Subject,
                    "自分で受理",
                    [],
                    CancellationToken.None
                )
            );
        }

        Assert.Equal(
            "Submitted",
            await Service.TextAsync("SELECT status FROM application WHERE public_id = $1", number.Stored)
        );
        Assert.Equal(
            0,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM application_event e JOIN application a ON a.id = e.application_id
                WHERE a.public_id = $1 AND e.actor_role = 'reviewer'
                """,
                number.Stored
            )
        );
    }

    [Fact]
    public async Task ReadingOneApplicationInFullIsAuditedInTheSameBreath()
    {
        var member = new Applicant(Service);
        var number = await SubmittedInStateAsync(member, ApplicationStatus.Submitted);

        var detail = await ReadAsync(number.Display);

        Assert.Equal(member.Person.Phone, detail.GetProperty("representative").GetProperty("phone").GetString());
        Assert.Equal(2, detail.GetProperty("documents").GetArrayLength());
        Assert.DoesNotContain("content", detail.GetProperty("documents")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM access_audit x JOIN application a ON a.id = x.application_id
                WHERE a.public_id = $1 AND x.actor_subject = $2 AND x.actor_role = 'reviewer' AND x.owner_subject = $3
                    AND 'representative.phone' = ANY(x.fields) AND x.trace_id IS NOT NULL
                """,
                number.Stored,
                Ops.ReviewerSubject,
                member.Subject
            )
        );
    }

    [Fact]
    public async Task AReviewerSeesTheIdImagesAndEachViewIsAudited()
    {
        var member = new Applicant(Service);
        var form = member.Form(Code);
        var answer = await member.SubmitAsync(form);
        Assert.Equal(HttpStatusCode.Created, answer.Status);

        using var reviewer = Ops.Reviewer();
        using var front = await reviewer.GetAsync(
            new Uri($"/api/applications/review/applications/{answer.Number}/documents/front", UriKind.Relative)
        );
        using var unknownSide = await reviewer.GetAsync(
            new Uri($"/api/applications/review/applications/{answer.Number}/documents/inside", UriKind.Relative)
        );
        using var applicant = member.Client();
        using var byApplicant = await applicant.GetAsync(
            new Uri($"/api/applications/review/applications/{answer.Number}/documents/front", UriKind.Relative)
        );

        Assert.Equal(HttpStatusCode.OK, front.StatusCode);
        Assert.Equal("image/jpeg", front.Content.Headers.ContentType?.MediaType);
        // What was stored: the upload re-encoded from its pixels, not the upload's own bytes.
        var served = await front.Content.ReadAsByteArrayAsync();
        Assert.NotEqual(form.Front, served);
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM application_document d JOIN application a ON a.id = d.application_id
                WHERE a.public_id = $1 AND d.side = 'front' AND d.content = $2
                """,
                answer.StoredNumber,
                served
            )
        );
        Assert.Contains("no-store", front.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownSide.StatusCode);
        // Even the owner does not get images back: the review route is for reviewers only.
        Assert.Equal(HttpStatusCode.Forbidden, byApplicant.StatusCode);
        Assert.DoesNotContain(
            Convert.ToBase64String(form.Front!),
            await byApplicant.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM access_audit x JOIN application a ON a.id = x.application_id
                WHERE a.public_id = $1 AND x.actor_subject = $2 AND x.owner_subject = $3
                    AND x.fields = ARRAY['documents.front.image']
                """,
                answer.StoredNumber,
                Ops.ReviewerSubject,
                member.Subject
            )
        );
    }

    [Fact]
    public async Task BadTransitionRequestsAreNamedField()
    {
        var member = new Applicant(Service);
        var number = await SubmittedInStateAsync(member, ApplicationStatus.Accepted);

        var badState = await Ops.TransitionAsync(number.Display, "1", "x");
        var noReason = await Ops.TransitionAsync(number.Display, "Approved", " ");
        var noItems = await Ops.TransitionAsync(number.Display, "NeedsCorrection", "x", []);
        var unknown = await Ops.TransitionAsync("0000-0000-0000-0000-0000", "Accepted");

        Assert.Contains("to", badState.ErrorFields);
        Assert.Contains("reason", noReason.ErrorFields);
        Assert.Contains("items", noItems.ErrorFields);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(
            "Accepted",
            await Service.TextAsync("SELECT status FROM application WHERE public_id = $1", number.Stored)
        );
    }

    private async Task<JsonElement> ReadAsync(string number)
    {
        using var reviewer = Ops.Reviewer();
        using var response = await reviewer.GetAsync(
            new Uri($"/api/applications/review/applications/{number}", UriKind.Relative)
        );
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // Submits, then puts the row straight into the wanted state, as earlier reviews would have.
    private async Task<(string Display, string Stored)> SubmittedInStateAsync(
        Applicant member,
        ApplicationStatus status
    )
    {
        var answer = await member.SubmitAsync(member.Form(Code));
        Assert.True(answer.Status == HttpStatusCode.Created, answer.Body);
        if (status == ApplicationStatus.Invalid)
            await Service.ExecuteAsync(
                "UPDATE application SET status = 'Invalid', invalid_reason = 'テスト' WHERE public_id = $1",
                answer.StoredNumber
            );
        else if (status == ApplicationStatus.Accepted)
            Assert.Equal(HttpStatusCode.OK, (await Ops.TransitionAsync(answer.Number, "Accepted", "受付")).Status);
        else if (status != ApplicationStatus.Submitted)
            await Service.ExecuteAsync(
                "UPDATE application SET status = $2 WHERE public_id = $1",
                answer.StoredNumber,
                status.ToString()
            );
        return (answer.Number, answer.StoredNumber);
    }
}
