namespace Habatan.Applications.Tests.MyPage;

// DESIGN.md incident 1, points 1 and 5: My Page reads only the caller's rows and shows status
// only; another's application number gets the same 404 as a number that does not exist, and
// nothing of the other person.
[Collection(ServersCollection.Name)]
public sealed class MyPageAccessTests(ServersFixture servers) : OpenCampaignTests(servers)
{
    [Fact]
    public async Task MyPageShowsStatusNumberAndDatesOnly()
    {
        var member = new Applicant(Service);
        var submitted = await member.SubmitAsync(member.Form(Code));

        var page = await member.MyPageAsync();

        var shown = Assert.Single(page.Json.GetProperty("applications").EnumerateArray());
        Assert.Equal(
            [
                "applicationNumber",
                "campaignCode",
                "campaignName",
                "status",
                "statusLabel",
                "invalidReason",
                "submittedAt",
                "updatedAt",
                "corrections",
            ],
            shown.EnumerateObject().Select(p => p.Name)
        );
        Assert.Equal(submitted.Number, shown.GetProperty("applicationNumber").GetString());
        Assert.Equal("申請中", shown.GetProperty("statusLabel").GetString());
        foreach (var value in member.Person.PersonalValues().Append(member.Person.FamilyName))
            Assert.DoesNotContain(value, page.Body, StringComparison.Ordinal);
        Assert.Equal(
            1,
            await Service.ScalarAsync(
                """
                SELECT count(*) FROM access_audit x JOIN application a ON a.id = x.application_id
                WHERE a.public_id = $1 AND x.actor_subject = $2 AND x.actor_role = 'applicant'
                """,
                submitted.StoredNumber,
                member.Subject
            )
        );
    }

    [Fact]
    public async Task NothingTheCallerSendsSelectsWhoseMyPageIsRead()
    {
        var victim = new Applicant(Service);
        var victims = await victim.SubmitAsync(victim.Form(Code));
        var caller = new Applicant(Service);
        using var client = caller.Client();

        foreach (
            var path in new[]
            {
                $"/api/mypage/applications?owner={victim.Subject}",
                $"/api/mypage/applications?subject={victim.Subject}&applicationNumber={victims.Number}",
            }
        )
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Habatan-Subject", victim.Subject);
            request.Headers.Add("X-User-Id", victim.Subject);
            var page = await Answer.ReadAsync(await client.SendAsync(request));

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Empty(page.Json.GetProperty("applications").EnumerateArray());
            Assert.DoesNotContain(victims.Number, page.Body, StringComparison.Ordinal);
        }
        Assert.Equal(
            0,
            await Service.ScalarAsync("SELECT count(*) FROM access_audit WHERE owner_subject = $1", victim.Subject)
        );
    }

    [Fact]
    public async Task AnothersApplicationNumberOnEveryApplicantRouteIsNotFoundAndChangesNothing()
    {
        var victim = new Applicant(Service);
        var victims = await victim.SubmitAsync(victim.Form(Code));
        await Ops.TransitionAsync(victims.Number, "Accepted");
        await Ops.TransitionAsync(victims.Number, "NeedsCorrection", "確認", ["住所を確認してください"]);
        var intruder = new Applicant(Service);

        var correction = await intruder.CorrectAsync(
            victims.Number,
            new
            {
                note = "住所を変えます",
                address = "大阪府大阪市北区1-1",
                phone = "06-1234-5678",
            }
        );
        var unknown = await intruder.CorrectAsync("0000-0000-0000-0000-0000", new { note = "x" });
        var garbage = await intruder.CorrectAsync("not-a-number", new { note = "x" });

        foreach (var answer in new[] { correction, unknown, garbage })
        {
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
            Assert.Equal("申請が見つかりません。", answer.Json.GetProperty("title").GetString());
        }
        foreach (var value in victim.Person.PersonalValues())
            Assert.DoesNotContain(value, correction.Body, StringComparison.Ordinal);
        Assert.Equal(
            victim.Person.Address,
            await Service.TextAsync("SELECT address FROM application WHERE public_id = $1", victims.StoredNumber)
        );
        Assert.Equal(
            "NeedsCorrection",
            await Service.TextAsync("SELECT status FROM application WHERE public_id = $1", victims.StoredNumber)
        );

        // The owner still can.
        Assert.Equal(
            HttpStatusCode.OK,
            (await victim.CorrectAsync(victims.Number, new { note = "確認しました" })).Status
        );
    }

    [Fact]
    public async Task AnApplicantWithAnothersNumberGetsNothingFromReviewAuditOrOpsRoutes()
    {
        var victim = new Applicant(Service);
        var victims = await victim.SubmitAsync(victim.Form(Code));
        var intruder = new Applicant(Service);
        using var client = intruder.Client();

        var attempts = new List<(string Method, string Path, object? Body)>
        {
            ("GET", $"/api/applications/review/applications/{victims.Number}", null),
            ("GET", "/api/applications/review/queue", null),
            (
                "POST",
                $"/api/applications/review/applications/{victims.Number}/transitions",
                new { to = "Approved", reason = "x" }
            ),
            ("GET", $"/api/applications/audit/applications/{victims.Number}/reads", null),
            ("GET", $"/api/applications/audit/actors/{victim.Subject}/reads", null),
            ("POST", $"/api/applications/ops/campaigns/{Code}/suspend", new { reason = "x" }),
            ("GET", $"/api/applications/ops/campaigns/{Code}/audit", null),
        };
        foreach (var (method, path, body) in attempts)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = body is null ? null : JsonContent.Create(body),
            };
            var answer = await Answer.ReadAsync(await client.SendAsync(request));
            Assert.True(answer.Status == HttpStatusCode.Forbidden, $"{method} {path}: {answer.Status}");
            Assert.DoesNotContain(victims.Number, answer.Body, StringComparison.Ordinal);
            foreach (var value in victim.Person.PersonalValues())
                Assert.DoesNotContain(value, answer.Body, StringComparison.Ordinal);
        }
        Assert.Equal(
            "Submitted",
            await Service.TextAsync("SELECT status FROM application WHERE public_id = $1", victims.StoredNumber)
        );
        Assert.Equal(
            0,
            await Service.ScalarAsync("SELECT count(*) FROM access_audit WHERE owner_subject = $1", victim.Subject)
        );
    }

    [Fact]
    public async Task OpsRolesDoNotStandInForEachOther()
    {
        var victim = new Applicant(Service);
        var victims = await victim.SubmitAsync(victim.Form(Code));
        using var reviewer = Ops.Reviewer();
        using var auditor = Ops.Auditor();
        using var operatorClient = Ops.Operator();

        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await reviewer.GetAsync(
                    new Uri($"/api/applications/audit/applications/{victims.Number}/reads", UriKind.Relative)
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await auditor.GetAsync(
                    new Uri($"/api/applications/review/applications/{victims.Number}", UriKind.Relative)
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await operatorClient.GetAsync(
                    new Uri($"/api/applications/review/applications/{victims.Number}", UriKind.Relative)
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (
                await reviewer.PostAsJsonAsync($"/api/applications/ops/campaigns/{Code}/suspend", new { reason = "x" })
            ).StatusCode
        );
        Assert.Equal(
            0,
            await Service.ScalarAsync("SELECT count(*) FROM access_audit WHERE owner_subject = $1", victim.Subject)
        );
    }
}
