using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Habatan.TestSupport.Applications;

namespace Habatan.FunctionalTests.Security;

// Issue 13, classes 1, 2, 3, 5, 6 and 8, through the gateway as an attacker or a careless client
// would send them: every answer is a 4xx problem detail in Japanese naming the field, never a
// 5xx, and nothing is stored.
[Collection(AppHostCollection.Name)]
public sealed class HostileInputTests(AppHostFixture fixture)
{
    public static TheoryData<string, string, string> UnreadableBodies()
    {
        var data = new TheoryData<string, string, string>();
        string[] paths =
        [
            "/api/session/code",
            "/api/session/verify",
            "/api/members/sign-in/code",
            "/api/members/sign-in/verify",
        ];
        foreach (var path in paths)
        {
            // Cut short after "email": the reader names where it broke.
            data.Add(path, "{\"email\": ", "email");
            data.Add(path, "{\"email\" \"hanako@example.jp\"}", "body");
            data.Add(path, "{", "body");
            data.Add(path, "[]", "body");
            data.Add(path, "null", "body");
            data.Add(path, "", "body");
            data.Add(path, "\"hanako@example.jp\"", "body");
            data.Add(path, "{\"email\": 5}", "email");
            data.Add(path, "{\"email\": [\"hanako@example.jp\"]}", "email");
            data.Add(path, "{\"email\": {}}", "email");
        }
        data.Add("/api/session/verify", "{\"email\": \"hanako@example.jp\", \"code\": 123456}", "code");
        return data;
    }

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task AnUnreadableBodyIsA400NamingTheFieldAtTheGatewayAndAtEveryService(
        string path,
        string body,
        string field
    )
    {
        using var client = fixture.CreateGatewayClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("送信された内容を読み取れませんでした。", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("/api/session/code", "hanako\\u0000@example.jp")]
    [InlineData("/api/session/code", "\\u001bhanako@example.jp")]
    [InlineData("/api/session/code", "hanako\\u0085@example.jp")]
    [InlineData("/api/session/code", "hanako\\ud800@example.jp")]
    [InlineData("/api/members/sign-in/code", "\\udc00hanako@example.jp")]
    [InlineData("/api/members/sign-in/code", "hanako@example.jp\\u007f")]
    public async Task ControlsAndHalfSurrogatesInAJsonFieldAreRefusedWithTheFieldNamed(string path, string escapedEmail)
    {
        using var client = fixture.CreateGatewayClient();
        using var content = new StringContent($"{{\"email\": \"{escapedEmail}\"}}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("email").EnumerateArray()).GetString();
        Assert.Contains("使えない文字", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Accounts.Reviewer, "/api/applications/review/queue?campaign=%00", "campaign")]
    [InlineData(Accounts.Reviewer, "/api/applications/review/queue?status=%1B", "status")]
    [InlineData(Accounts.Operator, "/api/members/ops/audiences?campaignCode=%00", "campaignCode")]
    [InlineData(Accounts.Operator, "/api/members/ops/audiences?campaignCode=%C2%85", "campaignCode")]
    [InlineData(Accounts.Operator, "/api/members/ops/imports?limit=%EF%BF%BD", "limit")]
    [InlineData(Accounts.Auditor, "/api/applications/audit/actors/a%01b/reads", "path")]
    [InlineData(Accounts.Operator, "/api/members/ops/members/a%7Fb/entitlements", "path")]
    public async Task ControlsInAQueryOrRouteValueAreA400NamingTheParameter(
        string account,
        string pathAndQuery,
        string field
    )
    {
        using var client = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(account));

        using var response = await client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    // A reason may span lines (TAB, LF, CR); nothing else below U+0020 and no C1 control.
    [Theory]
    [InlineData("書類が不鮮明です。\n再提出をお願いします。\t", HttpStatusCode.NotFound)]
    [InlineData("書類が不鮮明です。\u0000", HttpStatusCode.UnprocessableEntity)]
    [InlineData("書類が不鮮明です。\u0085", HttpStatusCode.UnprocessableEntity)]
    public async Task AMultiLineReasonTakesLineBreaksButNoOtherControl(string reason, HttpStatusCode expected)
    {
        using var client = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Reviewer));
        using var response = await client.PostAsJsonAsync(
            "/api/applications/review/applications/A-0000-0000-0000/transitions",
            new
            {
                to = "Accepted",
                reason,
                items = Array.Empty<string>(),
            }
        );
        var problem = await ProblemAsync(response, expected);
        var namesReason = problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty("reason", out _);
        Assert.Equal(expected == HttpStatusCode.UnprocessableEntity, namesReason);
    }

    [Fact]
    public async Task ANonNumberWhereANumberBelongsIsA400NamingTheParameter()
    {
        using var client = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        using var response = await client.GetAsync(new Uri("/api/members/ops/audiences?limit=many", UriKind.Relative));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _), problem.ToString());
    }

    public static TheoryData<string, string> BadNames() =>
        new()
        {
            { "representative.familyName", "兵庫😀" },
            { "representative.givenName", "花" + new string('\u0301', 40) },
            { "householdMembers[0].givenName", "\u0301太郎" },
            { "representative.familyName", "兵\uFE0F庫" },
            { "representative.familyNameKana", "兵庫" },
            { "householdMembers[0].givenNameKana", "タロウ😀" },
            { "representative.familyName", "兵庫\u0000" },
            { "representative.address", "兵庫県\u0007神戸市" },
            { "representative.email", "\uFEFFhanako@example.jp" },
            { "representative.email", "hanako\u200B@example.jp" },
        };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task ASubmissionWithTextOutsideTheRulesIsRefusedWithTheFieldNamedAndNothingIsStored(
        string path,
        string value
    )
    {
        var (client, person) = await ApplicantAsync();
        using (client)
        {
            var form = new SubmissionForm(await OpenCampaignAsync(), person).With(path, value);

            using var response = await SubmitAsync(client, form.ToContent());

            var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), problem.ToString());
            await AssertNothingStoredAsync(client);
        }
    }

    [Fact]
    public async Task AHalfSurrogateInASubmissionIsRefusedWithTheFieldNamed()
    {
        var (client, person) = await ApplicantAsync();
        using (client)
        {
            var json = new SubmissionForm(await OpenCampaignAsync(), person)
                .Json.ToJsonString(Unescaped)
                .Replace("\"花子\"", "\"\\ud800\"", StringComparison.Ordinal);
            using var content = new MultipartFormDataContent { { new StringContent(json), "application" } };

            using var response = await SubmitAsync(client, content);

            var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty("representative.givenName", out _), problem.ToString());
            await AssertNothingStoredAsync(client);
        }
    }

    [Fact]
    public async Task AFormFieldThatIsNotUtf8IsRefusedNotStoredWithReplacementCharacters()
    {
        var (client, person) = await ApplicantAsync();
        using (client)
        {
            var form = new SubmissionForm(await OpenCampaignAsync(), person);
            var json = Encoding.UTF8.GetBytes(form.Json.ToJsonString(Unescaped));
            var at = json.AsSpan().IndexOf(Encoding.UTF8.GetBytes("兵庫県"));
            json[at] = 0xFF; // the first byte of the address's 兵 becomes a byte no UTF-8 text has
            using var content = new MultipartFormDataContent { { new ByteArrayContent(json), "application" } };
            content.Add(new ByteArrayContent(form.Front!), "idFront", "front.jpg");
            content.Add(new ByteArrayContent(form.Back!), "idBack", "back.png");

            using var response = await SubmitAsync(client, content);

            var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.True(problem.GetProperty("errors").TryGetProperty("application", out _), problem.ToString());
            await AssertNothingStoredAsync(client);
        }
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=")]
    [InlineData("multipart/form-data; boundary=never-used")]
    public async Task AFormThatCannotBeReadIsA400NotA413(string contentType)
    {
        var (client, _) = await ApplicantAsync();
        using (client)
        {
            using var content = new ByteArrayContent(
                "--other\r\nContent-Disposition: form-data; name=\"application\"\r\n\r\n{}\r\n"u8.ToArray()
            );
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var submission = await SubmitAsync(client, content);
            var problem = await ProblemAsync(submission, HttpStatusCode.BadRequest);
            Assert.Equal("フォームを読み取れませんでした。", problem.GetProperty("title").GetString());
            await AssertNothingStoredAsync(client);
        }

        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        using var upload = new ByteArrayContent(
            "--other\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n\r\na\r\n"u8.ToArray()
        );
        upload.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var import = await ops.PostAsync(new Uri("/api/members/ops/imports/roster", UriKind.Relative), upload);
        var importProblem = await ProblemAsync(import, HttpStatusCode.BadRequest);
        Assert.Equal("フォームを読み取れませんでした。", importProblem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("roster%00.csv")]
    [InlineData("roster%1B%5B31m.csv")]
    [InlineData("roster%C2%9B.csv")]
    public async Task AnUploadedFileNameIsTextAndFollowsTheRule(string encodedName)
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        var body = Encoding.UTF8.GetBytes(
            $"--b\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''{encodedName}\r\n"
                + $"Content-Type: text/csv\r\n\r\n{RosterHeader}{Accounts.NewApplicant()},1,1,\r\n\r\n--b--\r\n"
        );
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");

        using var response = await ops.PostAsync(new Uri("/api/members/ops/imports/roster", UriKind.Relative), content);

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _), problem.ToString());
    }

    [Theory]
    [InlineData("/ops")]
    [InlineData("/sign-in")]
    [InlineData("/api/session/code")]
    [InlineData("/api/applications/campaigns")]
    public async Task AHostNameTheGatewayDoesNotServeIsA400WithNoRedirectToIt(string path)
    {
        using var client = fixture.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Host", out _), problem.ToString());
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain("evil.example", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\uFEFF")]
    [InlineData("\u200B")]
    [InlineData("\u200D")]
    [InlineData("\u2060")]
    [InlineData("\u202E")]
    [InlineData("\u2066")]
    public async Task SignInRefusesAnAddressWithAnInvisibleCharacter(string invisible)
    {
        using var client = fixture.CreateGatewayClient();
        var email = invisible + Accounts.NewApplicant();
        using var response = await client.PostAsJsonAsync("/api/session/code", new { email });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("email")[0].GetString();
        Assert.Contains("目に見えない文字", message, StringComparison.Ordinal);
    }

    // Two roster exports joined with `cat`: the second file's byte-order mark now starts a row.
    // The file's own leading mark is UTF-8's and is fine; the one inside a row is refused.
    [Fact]
    public async Task ARosterRowStartingWithAByteOrderMarkIsRefusedWithTheCellNamedAndNothingIsStored()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        var (first, second) = (Accounts.NewApplicant(), Accounts.NewApplicant());
        byte[] Export(string address) =>
            [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes($"{RosterHeader}{address},1,1,\r\n")];

        using var joinedFile = Csv([
            .. Export(first),
            .. Export(second)[..3],
            .. Encoding.UTF8.GetBytes($"{second},1,1,\r\n"),
        ]);
        var joined = await ImportJobPolling.ImportAsync(ops, "roster", joinedFile);
        Assert.Equal("Refused", joined.State);
        var problem = joined.Answer;
        var cell = Assert.Single(problem.GetProperty("cells").EnumerateArray());
        Assert.Equal(3, cell.GetProperty("row").GetInt32());
        Assert.Equal("メールアドレス", cell.GetProperty("column").GetString());
        Assert.Contains("目に見えない文字", cell.GetProperty("reason").GetString(), StringComparison.Ordinal);

        using var cleanFile = Csv(Export(first));
        var clean = await ImportJobPolling.ImportAsync(ops, "roster", cleanFile);
        Assert.Equal("Succeeded", clean.State);
        Assert.Equal(1, clean.Answer.GetProperty("insertedCount").GetInt32());
    }

    // As a browser sends the form: Japanese as UTF-8 bytes, not \u escapes.
    private static readonly JsonSerializerOptions Unescaped = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const string RosterHeader = "メールアドレス,アプリ内通知,メール配信,退会日\r\n";

    private static ByteArrayContent Csv(byte[] bytes) =>
        new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<(HttpClient Client, Person Person)> ApplicantAsync() =>
        (fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(Accounts.NewApplicant())), Person.New());

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications/submissions");
        request.Content = content;
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return await client.SendAsync(request);
    }

    private static async Task AssertNothingStoredAsync(HttpClient client)
    {
        var mine = await client.GetFromJsonAsync<JsonElement>("/api/mypage/applications");
        Assert.Empty(mine.GetProperty("applications").EnumerateArray());
    }

    private async Task<string> OpenCampaignAsync()
    {
        var code = $"hostile-{Guid.NewGuid():N}"[..30];
        using var client = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Operator));
        using var response = await client.PostAsJsonAsync(
            "/api/applications/ops/campaigns",
            new
            {
                code,
                name = "子育て応援枠 追加販売",
                opensAt = Jst(DateTimeOffset.UtcNow.AddHours(-1)),
                closesAt = Jst(DateTimeOffset.UtcNow.AddDays(30)),
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

    private static string Jst(DateTimeOffset at) =>
        at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
