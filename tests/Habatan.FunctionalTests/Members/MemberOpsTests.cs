using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Habatan.FunctionalTests.Members;

// Members' ops routes through the gateway as operators use them: uploads (raw and multipart) as
// jobs followed to their end, a refused job's 422 listing every bad cell with its downloadable
// report, import history, a member's entitlements; and the same routes refused to a member
// without the operator role.
// Runs on one process of everything and on two replicas of everything (Fleet/Drills*.cs).
public abstract class MemberOpsTests(AppHostFixture fixture)
{
    private static ByteArrayContent Csv(string text) =>
        new([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)])
        {
            Headers = { ContentType = new MediaTypeHeaderValue("text/csv") },
        };

    [Fact]
    public async Task ADirtyUploadIsRefusedWithEveryBadCellAndAReportAndACleanOneImports()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        var applicant = Accounts.NewApplicant();
        var applicantToken = await fixture.SignIn.SignInAsync(applicant);
        using var member = fixture.SignIn.CreateClient(applicantToken);
        var subject = (await (await member.GetAsync("/api/members/me")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("subject")
            .GetString()!;
        var campaign = $"ft-{Guid.NewGuid():N}"[..16];

        var dirty = await ImportJobPolling.ImportAsync(
            ops,
            "entitlements",
            Csv(
                "メールアドレス,キャンペーン,口数,当選額,チャージ額\r\n"
                    + $"{applicant},{campaign},2,\"20,000\",0\r\n"
                    + $"{applicant},{campaign},2,20000,=D2\r\n"
                    + $"nobody-{Guid.NewGuid():N}@example.jp,{campaign},1,10000,0\r\n"
            )
        );
        Assert.Equal("Refused", dirty.State);
        var problem = dirty.Answer;
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal(3, problem.GetProperty("errorCount").GetInt32());
        Assert.Equal(
            ["2:当選額:20,000", "3:チャージ額:=D2", "4:メールアドレス"],
            problem
                .GetProperty("cells")
                .EnumerateArray()
                .Select(e =>
                    $"{e.GetProperty("row").GetInt32()}:{e.GetProperty("column").GetString()}"
                    + (
                        e.GetProperty("column").GetString() == "メールアドレス"
                            ? ""
                            : $":{e.GetProperty("value").GetString()}"
                    )
                )
        );
        var report = await ops.GetStringAsync(problem.GetProperty("errorReport").GetString());
        Assert.Equal(4, report.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("'=D2", report, StringComparison.Ordinal);

        using var empty = await ops.GetAsync($"/api/members/ops/members/{subject}/entitlements");
        Assert.Empty(
            (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entitlements").EnumerateArray()
        );

        using var form = new MultipartFormDataContent
        {
            {
                Csv($"会員ID,キャンペーン,口数,当選額,チャージ額\r\n{subject},{campaign},2,20000"
                    + $",5000\r\n"),
                "file",
                "権利.csv"
            },
        };
        var clean = await ImportJobPolling.ImportAsync(ops, "entitlements", form);
        Assert.Equal("Succeeded", clean.State);
        var imported = clean.Answer;
        Assert.Equal(
            ("imported", 1, "権利.csv"),
            (
                imported.GetProperty("status").GetString(),
                imported.GetProperty("insertedCount").GetInt32(),
                imported.GetProperty("fileName").GetString()
            )
        );

        var entitlements = await ops.GetFromJsonAsync<JsonElement>($"/api/members/ops/members/{subject}/entitlements");
        var entitlement = Assert.Single(entitlements.GetProperty("entitlements").EnumerateArray());
        Assert.Equal(
            (campaign, 20000L, 5000L),
            (
                entitlement.GetProperty("campaignCode").GetString(),
                entitlement.GetProperty("wonAmountYen").GetInt64(),
                entitlement.GetProperty("chargedAmountYen").GetInt64()
            )
        );

        var history = await ops.GetStringAsync("/api/members/ops/imports");
        Assert.Contains(problem.GetProperty("importId").GetString()!, history, StringComparison.Ordinal);
        Assert.Contains(imported.GetProperty("importId").GetString()!, history, StringComparison.Ordinal);
    }

    // DESIGN.md incident 1, point 6, through the gateway: an operator's read of a member's
    // amounts and of an import's stored error cells is found by an auditor, by member, by actor
    // and by import, under the trace the request came with; nobody but an auditor gets the trail.
    [Fact]
    public async Task AnOperatorsReadsOfPersonalDataAreFoundByAnAuditorAndOnlyByAnAuditor()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        var operatorSubject = await SubjectAsync(ops);
        var applicant = Accounts.NewApplicant();
        using var member = fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(applicant));
        var subject = await SubjectAsync(member);
        var campaign = $"ft-{Guid.NewGuid():N}"[..16];
        await ImportJobPolling.ImportCsvAsync(
            ops,
            "entitlements",
            $"会員ID,キャンペーン,口数,当選額,チャージ額\r\n{subject},{campaign},2,20000,5000\r\n"
        );

        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        using (var read = new HttpRequestMessage(HttpMethod.Get, $"/api/members/ops/members/{subject}/entitlements"))
        {
            read.Headers.Add(
                "traceparent",
                $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01"
            );
            using var answer = await ops.SendAsync(read);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains(campaign, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var unknown = await ops.GetAsync($"/api/members/ops/members/{Guid.NewGuid():N}/entitlements"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var dirty = await ImportJobPolling.ImportAsync(
            ops,
            "entitlements",
            Csv(
                $"メールアドレス,キャンペーン,口数,当選額,チャージ額\r\n{applicant},"
                    + $"{campaign.ToUpperInvariant()},2,20000,0\r\n"
            )
        );
        Assert.Equal("Refused", dirty.State);
        var importId = dirty.Answer.GetProperty("importId").GetString()!;
        Assert.Contains(
            campaign.ToUpperInvariant(),
            await ops.GetStringAsync($"/api/members/ops/imports/{importId}"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            campaign.ToUpperInvariant(),
            await ops.GetStringAsync($"/api/members/ops/imports/{importId}/errors.csv"),
            StringComparison.Ordinal
        );

        using var auditor = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Auditor));
        var byMember = await auditor.GetFromJsonAsync<JsonElement>($"/api/members/audit/members/{subject}/reads");
        var row = Assert.Single(byMember.EnumerateArray());
        Assert.Equal(
            (operatorSubject, "operator", subject, traceId),
            (
                row.GetProperty("actor").GetString(),
                row.GetProperty("actorRole").GetString(),
                row.GetProperty("owner").GetString(),
                row.GetProperty("traceId").GetString()
            )
        );
        Assert.Contains(
            "entitlements.chargedAmountYen",
            row.GetProperty("fields").EnumerateArray().Select(f => f.GetString())
        );
        var byActor = await auditor.GetFromJsonAsync<JsonElement>(
            $"/api/members/audit/actors/{operatorSubject}/reads?limit=500"
        );
        Assert.Contains(byActor.EnumerateArray(), r => r.GetProperty("owner").GetString() == subject);
        var byImport = await auditor.GetFromJsonAsync<JsonElement>($"/api/members/audit/imports/{importId}/reads");
        // The refused job's answer (its cell report, read once the job had finished), the detail, the report.
        Assert.Equal(3, byImport.GetArrayLength());
        Assert.All(
            byImport.EnumerateArray(),
            r =>
                Assert.Equal(
                    (operatorSubject, "errors.value"),
                    (r.GetProperty("actor").GetString(), r.GetProperty("fields")[0].GetString())
                )
        );

        foreach (var notAnAuditor in new[] { ops, member })
        {
            using var refused = await notAnAuditor.GetAsync($"/api/members/audit/members/{subject}/reads");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.DoesNotContain(operatorSubject, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static async Task<string> SubjectAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/members/me")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("subject")
            .GetString()!;

    [Fact]
    public async Task AMemberWithoutTheOperatorRoleGetsNothingFromTheOpsRoutes()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        var operatorUpload = await ImportJobPolling.ImportCsvAsync(
            ops,
            "roster",
            $"メールアドレス,アプリ内通知,退会日\r\n{Accounts.NewApplicant()},1,\r\n"
        );
        var importId = operatorUpload.Answer.GetProperty("importId").GetString()!;
        var jobStatus = operatorUpload.Job.GetProperty("statusUrl").GetString()!;

        using var member = fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(Accounts.NewApplicant()));
        foreach (
            var path in new[]
            {
                "/api/members/ops/imports",
                $"/api/members/ops/imports/{importId}",
                $"/api/members/ops/imports/{importId}/errors.csv",
                jobStatus,
                "/api/members/ops/audiences",
            }
        )
        {
            using var response = await member.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain(importId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var upload = await member.PostAsync(
            "/api/members/ops/imports/roster",
            Csv($"メールアドレス,アプリ内通知,退会日\r\n{Accounts.NewApplicant()},1,\r\n")
        );
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
    }

    [Fact]
    public async Task AnUploadBeyondTheServersDefaultBodyLimitReachesTheImporter()
    {
        // 40 MB: over Kestrel's default 30 MB in the gateway and in the service. The header is
        // wrong on purpose, so the importer answers as soon as it has read it.
        var text = new StringBuilder("メールアドレス,アプリ内通知,退会日,余計な列\r\n");
        var line = $"padding-{new string('x', 60)}@example.jp,1,,x\r\n";
        while (text.Length < 40_000_000)
            text.Append(line);
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        ops.Timeout = TimeSpan.FromMinutes(3);

        var import = await ImportJobPolling.ImportAsync(ops, "roster", Csv(text.ToString()));

        Assert.Equal("Refused", import.State);
        var problem = import.Answer;
        Assert.Equal(
            "余計な列",
            Assert.Single(problem.GetProperty("cells").EnumerateArray()).GetProperty("column").GetString()
        );
    }
}
