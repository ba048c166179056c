using System.Globalization;
using System.Text.Json;
using Habatan.TestSupport.Applications;

namespace Habatan.FunctionalTests.Applications;

// DESIGN.md incident 1 replayed through the gateway, as browsers would: real sign-in by mailed
// code, the gateway's policies and body limits, the Applications service and its database.
// Runs on one process of everything and on two replicas of everything (Fleet/Drills*.cs).
public abstract class IncidentReplayTests(AppHostFixture fixture)
{
    [Fact]
    public async Task DuplicateApplicationNeverLinksToAnotherRecord()
    {
        var code = await OpenCampaignAsync();
        var first = await SignedInAsync();
        var second = await SignedInAsync();

        var secondsEmptyPage = await MyPageAsync(second);
        var secondsOwn = await SubmitAsync(second, new SubmissionForm(code, second.Person));
        var secondsPageBefore = await MyPageAsync(second);
        var firsts = await SubmitAsync(first, new SubmissionForm(code, first.Person));
        // The second member submits again from the same device: the incident's invalid submission.
        var duplicate = await SubmitAsync(second, new SubmissionForm(code, second.Person));
        var secondsPageAfter = await MyPageAsync(second);

        Assert.Equal(HttpStatusCode.Created, secondsOwn.Status);
        Assert.Equal(HttpStatusCode.Created, firsts.Status);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        var result = JsonDocument.Parse(duplicate.Body).RootElement;
        Assert.Equal("Invalid", result.GetProperty("status").GetString());
        Assert.Contains("二重申請", result.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var firstsNumber = Number(firsts);
        Assert.NotEqual(firstsNumber, Number(duplicate));
        foreach (var response in new[] { duplicate, secondsEmptyPage, secondsPageBefore, secondsPageAfter })
        {
            Assert.DoesNotContain(firstsNumber, response.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(first.Subject, response.Body, StringComparison.Ordinal);
            foreach (var value in first.Person.PersonalValues())
                Assert.DoesNotContain(value, response.Body, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("/api/", duplicate.Body, StringComparison.Ordinal);
        Assert.Equal(
            [Number(secondsOwn), Number(duplicate)],
            JsonDocument
                .Parse(secondsPageAfter.Body)
                .RootElement.GetProperty("applications")
                .EnumerateArray()
                .Select(a => a.GetProperty("applicationNumber").GetString())
        );

        // Guessing the first member's number does not help either.
        using var client = fixture.SignIn.CreateClient(second.Token);
        using var correction = await client.PostAsJsonAsync(
            $"/api/mypage/applications/{firstsNumber}/correction",
            new { note = "x", address = "大阪府" }
        );
        Assert.Equal(HttpStatusCode.NotFound, correction.StatusCode);
        var refusal = await correction.Content.ReadAsStringAsync();
        foreach (var value in first.Person.PersonalValues())
            Assert.DoesNotContain(value, refusal, StringComparison.Ordinal);

        // And the audit shows nobody but its owner's My Page... which the first never opened.
        using var auditor = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Auditor));
        var reads = await auditor.GetFromJsonAsync<JsonElement>(
            $"/api/applications/audit/applications/{firstsNumber}/reads"
        );
        Assert.Empty(reads.EnumerateArray());
        var secondsReads = await auditor.GetFromJsonAsync<JsonElement>(
            $"/api/applications/audit/actors/{second.Subject}/reads"
        );
        Assert.All(
            secondsReads.EnumerateArray(),
            r => Assert.Equal(second.Subject, r.GetProperty("owner").GetString())
        );
    }

    [Fact]
    public async Task AConcurrentBurstThroughTheGatewayYieldsExactlyOneValid()
    {
        var code = await OpenCampaignAsync();
        var member = await SignedInAsync();

        var answers = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(_ => SubmitAsync(member, new SubmissionForm(code, member.Person)))
        );

        // One valid, each other one a conflict kept as Invalid; on a loaded machine a replica may
        // instead refuse a call it could not check in time (503 with Retry-After, nothing stored:
        // 1 created, 4 conflicts and 3 others once on two replicas beside other test projects).
        var said = string.Join("; ", answers.Select(a => $"{(int)a.Status} {a.RetryAfter} {a.Body}"));
        var conflicts = answers.Count(a => a.Status == HttpStatusCode.Conflict);
        var refused = answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable && a.RetryAfter is not null);
        Assert.True(answers.Count(a => a.Status == HttpStatusCode.Created) == 1, said);
        Assert.True(conflicts + refused == 7, said);
        var page = JsonDocument.Parse((await MyPageAsync(member)).Body).RootElement.GetProperty("applications");
        Assert.Single(page.EnumerateArray(), a => a.GetProperty("status").GetString() == "Submitted");
        Assert.Equal(conflicts, page.EnumerateArray().Count(a => a.GetProperty("status").GetString() == "Invalid"));
    }

    [Fact]
    public async Task TwoFullSizeImagesPassTheGatewayAndAReviewerApproves()
    {
        var code = await OpenCampaignAsync();
        var member = await SignedInAsync();
        var form = new SubmissionForm(code, member.Person)
        {
            Front = Images.Jpeg(5 * 1024 * 1024 - 64),
            Back = Images.Png(5 * 1024 * 1024 - 64),
        };

        var submitted = await SubmitAsync(member, form);
        Assert.True(submitted.Status == HttpStatusCode.Created, submitted.Body);

        using var reviewer = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Reviewer));
        var queue = await reviewer.GetFromJsonAsync<JsonElement>($"/api/applications/review/queue?campaign={code}");
        Assert.Contains(
            Number(submitted),
            queue.EnumerateArray().Select(q => q.GetProperty("applicationNumber").GetString())
        );
        // The stored image reaches the reviewer through the gateway as a sandboxed attachment: the
        // service's policy stays beside the gateway's (issue 13, class 4).
        using (
            var front = await reviewer.GetAsync(
                new Uri($"/api/applications/review/applications/{Number(submitted)}/documents/front", UriKind.Relative)
            )
        )
        {
            Assert.Equal(HttpStatusCode.OK, front.StatusCode);
            Assert.Equal("attachment", front.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Contains("sandbox; default-src 'none'", front.Headers.GetValues("Content-Security-Policy"));
            Assert.Equal(["nosniff"], front.Headers.GetValues("X-Content-Type-Options"));
            Assert.True((await front.Content.ReadAsByteArrayAsync()).Length < form.Front!.Length);
        }
        using var accepted = await reviewer.PostAsJsonAsync(
            $"/api/applications/review/applications/{Number(submitted)}/transitions",
            new { to = "Accepted", reason = "受付" }
        );
        using var approved = await reviewer.PostAsJsonAsync(
            $"/api/applications/review/applications/{Number(submitted)}/transitions",
            new { to = "Approved", reason = "確認済み" }
        );
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var page = JsonDocument.Parse((await MyPageAsync(member)).Body).RootElement;
        Assert.Equal("審査完了", page.GetProperty("applications")[0].GetProperty("statusLabel").GetString());
    }

    [Fact]
    public async Task TheGatewayGuardsEveryApplicationsRouteByItsPolicy()
    {
        var code = await OpenCampaignAsync();
        var member = await SignedInAsync();
        using var anonymous = fixture.CreateGatewayClient();
        using var applicant = fixture.SignIn.CreateClient(member.Token);

        var campaigns = await anonymous.GetFromJsonAsync<JsonElement>("/api/applications/campaigns");
        Assert.Contains(code, campaigns.EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await anonymous.GetAsync(new Uri("/api/mypage/applications", UriKind.Relative))).StatusCode
        );
        foreach (
            var path in new[]
            {
                "/api/applications/review/queue",
                "/api/applications/audit/actors/x/reads",
                $"/api/applications/ops/campaigns/{code}/audit",
            }
        )
        {
            Assert.Equal(
                HttpStatusCode.Unauthorized,
                (await anonymous.GetAsync(new Uri(path, UriKind.Relative))).StatusCode
            );
            Assert.Equal(
                HttpStatusCode.Forbidden,
                (await applicant.GetAsync(new Uri(path, UriKind.Relative))).StatusCode
            );
        }
    }

    private sealed record Member(string Token, string Subject, Person Person);

    private sealed record Reply(HttpStatusCode Status, string Body, TimeSpan? RetryAfter = null);

    private async Task<Member> SignedInAsync()
    {
        var token = await fixture.SignIn.SignInAsync(Accounts.NewApplicant());
        return new Member(token, ForgedTokens.SubjectOf(token), Person.New());
    }

    private async Task<string> OpenCampaignAsync()
    {
        var code = $"kosodate-{Guid.NewGuid():N}"[..30];
        using var client = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        using var response = await client.PostAsJsonAsync(
            "/api/applications/ops/campaigns",
            new
            {
                code,
                name = "子育て応援枠 追加販売",
                opensAt = DateTimeOffset
                    .UtcNow.AddHours(-1)
                    .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                closesAt = DateTimeOffset
                    .UtcNow.AddDays(30)
                    .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                unitPriceYen = 5000,
                premiumRatePercent = 25,
                unitLimit = 4,
                householdMembersRequired = true,
                acceptedDocuments = new[] { "drivers-license", "my-number-card" },
            }
        );
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return code;
    }

    private async Task<Reply> SubmitAsync(Member member, SubmissionForm form)
    {
        using var client = fixture.SignIn.CreateClient(member.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions")
        {
            Content = form.ToContent(),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request);
        return new Reply(
            response.StatusCode,
            await response.Content.ReadAsStringAsync(),
            response.Headers.RetryAfter?.Delta
        );
    }

    private async Task<Reply> MyPageAsync(Member member)
    {
        using var client = fixture.SignIn.CreateClient(member.Token);
        using var response = await client.GetAsync(new Uri("/api/mypage/applications", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Number(Reply reply) =>
        JsonDocument.Parse(reply.Body).RootElement.GetProperty("applicationNumber").GetString()!;
}
