using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Habatan.FunctionalTests;

// Issue 3 / DESIGN.md incident 1, point 1: no request reads personal data without a verified
// subject. Everything goes through the gateway, as a browser would.
// Runs on one process of everything and on two replicas of everything (Fleet/Drills*.cs).
public abstract class SignInTests(AppHostFixture fixture)
{
    [Fact]
    public async Task SignInByMailedCodeGivesATokenWhoseSubjectIsTheMembersRandomPublicId()
    {
        var email = Accounts.NewApplicant();
        var token = await fixture.SignIn.SignInAsync(email);
        var again = await fixture.SignIn.SignInAsync(email.ToUpperInvariant());

        using var client = fixture.SignIn.CreateClient(token);
        var me = await client.GetFromJsonAsync<Caller>("/api/members/me");
        Assert.Matches("^[0-9a-f]{32}$", me!.Subject);
        Assert.Empty(me.Roles);
        Assert.Equal(me.Subject, ForgedTokens.SubjectOf(again)); // the same member, found by address
        Assert.DoesNotContain("@", token.Split('.')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABrokenBodyIsTheSendersMistakeInEveryServiceNotA500()
    {
        using var client = fixture.CreateGatewayClient();
        using var broken = new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/api/members/sign-in/code", UriKind.Relative), broken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("送信された内容を読み取れませんでした。", problem!.Title);
    }

    [Fact]
    public async Task RequestingACodeAnswersAlikeForNewAndKnownAddresses()
    {
        var known = Accounts.NewApplicant();
        await fixture.SignIn.SignInAsync(known);
        using var gateway = fixture.CreateGatewayClient();

        using var forKnown = await gateway.PostAsJsonAsync("/api/members/sign-in/code", new { email = known });
        using var forNew = await gateway.PostAsJsonAsync(
            "/api/members/sign-in/code",
            new { email = Accounts.NewApplicant() }
        );

        Assert.Equal(HttpStatusCode.Accepted, forKnown.StatusCode);
        Assert.Equal(forKnown.StatusCode, forNew.StatusCode);
        Assert.Equal(await forKnown.Content.ReadAsStringAsync(), await forNew.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WrongCodesAreRefusedWithTriesLeftAndTheFifthKillsTheCode()
    {
        var email = Accounts.NewApplicant();
        var code = await fixture.SignIn.RequestCodeAsync(email);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var problem = await VerifyAsync(email, wrong, HttpStatusCode.BadRequest);
            Assert.Contains(
                attempt < 5 ? $"あと{5 - attempt}回" : "新しいコードを請求",
                problem.Title + problem.Detail,
                StringComparison.Ordinal
            );
        }

        var afterDeath = await VerifyAsync(email, code, HttpStatusCode.BadRequest);
        Assert.Equal("コードが無効か、有効期限が切れています。", afterDeath.Title);
    }

    [Fact]
    public async Task AUsedCodeCannotSignInAgain()
    {
        var email = Accounts.NewApplicant();
        var code = await fixture.SignIn.RequestCodeAsync(email);
        using var gateway = fixture.CreateGatewayClient();
        using var first = await gateway.PostAsJsonAsync("/api/members/sign-in/verify", new { email, code });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var reused = await VerifyAsync(email, code, HttpStatusCode.BadRequest);
        Assert.Equal("コードが無効か、有効期限が切れています。", reused.Title);
    }

    [Fact]
    public async Task AnExpiredCodeIsRefused()
    {
        var email = Accounts.NewApplicant();
        var code = await fixture.SignIn.RequestCodeAsync(email);
        await using (var connection = new NpgsqlConnection(await fixture.App.GetConnectionStringAsync("membersdb")))
        {
            await connection.OpenAsync();
            await using var expire = new NpgsqlCommand(
                "UPDATE sign_in_code SET expires_at = now() - interval '1 second' WHERE email_normalized = $1",
                connection
            )
            {
                Parameters = { new() { Value = email.ToLowerInvariant() } },
            };
            Assert.Equal(1, await expire.ExecuteNonQueryAsync());
        }

        var expired = await VerifyAsync(email, code, HttpStatusCode.BadRequest);
        Assert.Equal("コードが無効か、有効期限が切れています。", expired.Title);
    }

    [Theory]
    [InlineData("not-an-address", "123456", "email")]
    [InlineData("", "123456", "email")]
    [InlineData("hanako@example.jp", "12345", "code")]
    [InlineData("hanako@example.jp", "１２３４５６", "code")]
    [InlineData("hanako@example.jp", "12a456", "code")]
    public async Task MalformedInputGetsAFieldErrorNotAServerError(string email, string code, string field)
    {
        using var gateway = fixture.CreateGatewayClient();
        using var response = await gateway.PostAsJsonAsync("/api/members/sign-in/verify", new { email, code });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(field, problem!.Errors.Keys);
    }

    [Fact]
    public async Task TamperedTokensAreRefusedBeforeTheyReachAService()
    {
        var subject = ForgedTokens.SubjectOf(await fixture.SignIn.SignInAsync(Accounts.NewApplicant()));
        var genuine = await fixture.SignIn.SignInAsync(Accounts.NewApplicant());
        var realKeyPem = await File.ReadAllTextAsync(
            Path.Combine(fixture.DataDirectory, "secrets", "token-signing-key")
        );
        using var realKey = ECDsa.Create();
        realKey.ImportFromPem(realKeyPem);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var valid = ForgedTokens.Payload(subject, DateTimeOffset.UtcNow.AddMinutes(10));

        var forgeries = new Dictionary<string, string>
        {
            ["alg none"] = ForgedTokens.Unsigned(valid),
            ["another key"] = ForgedTokens.SignedEs256(otherKey, valid),
            ["HS256 with the public key"] = ForgedTokens.SignedHs256(
                System.Text.Encoding.ASCII.GetBytes(realKey.ExportSubjectPublicKeyInfoPem()),
                valid
            ),
            ["expired"] = ForgedTokens.SignedEs256(
                realKey,
                ForgedTokens.Payload(subject, DateTimeOffset.UtcNow.AddMinutes(-5))
            ),
            ["altered subject"] = ForgedTokens.WithSubject(genuine, subject),
            ["garbage"] = "not.a.token",
        };

        foreach (var (name, forged) in forgeries)
        {
            using var client = fixture.SignIn.CreateClient(forged);
            using var response = await client.GetAsync(new Uri("/api/members/me", UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {response.StatusCode}");
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Equal("サインインが必要です。", problem!.Title);
        }
    }

    [Fact]
    public async Task IdentityHeadersFromTheClientAreIgnored()
    {
        var victim = ForgedTokens.SubjectOf(await fixture.SignIn.SignInAsync(Accounts.NewApplicant()));
        var token = await fixture.SignIn.SignInAsync(Accounts.NewApplicant());

        using (var anonymous = fixture.CreateGatewayClient())
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/members/me"))
        {
            request.Headers.Add("X-Habatan-Subject", victim);
            request.Headers.Add("X-User-Id", victim);
            using var response = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var client = fixture.SignIn.CreateClient(token);
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/api/members/me");
        spoofed.Headers.Add("X-Habatan-Subject", victim);
        spoofed.Headers.Add("X-Habatan-Roles", "admin");
        var me = await (await client.SendAsync(spoofed)).Content.ReadFromJsonAsync<Caller>();
        Assert.Equal(ForgedTokens.SubjectOf(token), me!.Subject);
        Assert.NotEqual(victim, me.Subject);
        Assert.Empty(me.Roles);
    }

    [Fact]
    public async Task ACallThatBypassesTheGatewayWithoutATokenGetsNothing()
    {
        var victim = ForgedTokens.SubjectOf(await fixture.SignIn.SignInAsync(Accounts.NewApplicant()));
        foreach (
            var (service, path) in new[]
            {
                ("members", "/api/members/me"),
                ("applications", $"/api/applications/probes/{Guid.NewGuid()}"),
                ("notifications", $"/api/notifications/probes/{Guid.NewGuid()}"),
            }
        )
        {
            using var direct = fixture.App.CreateHttpClient(service, "http");
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Habatan-Subject", victim);
            using var response = await direct.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.DoesNotContain(victim, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignOutRevokesTheTokenAtTheGateway()
    {
        var token = await fixture.SignIn.SignInAsync(Accounts.NewApplicant());
        using var client = fixture.SignIn.CreateClient(token);
        Assert.Equal(
            HttpStatusCode.OK,
            (await client.GetAsync(new Uri("/api/members/me", UriKind.Relative))).StatusCode
        );

        using var signOut = await client.PostAsync(new Uri("/api/members/sign-out", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        // At once: the revocation is in the cache every replica reads before sign-out answers.
        using var after = await client.GetAsync(new Uri("/api/members/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ARevokedRoleEndsThePersonsTokensAtOnce()
    {
        using var admin = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Admin));
        var reviewer = Accounts.NewApplicant();
        using (
            var grant = await admin.PostAsJsonAsync(
                "/api/members/admin/roles",
                new { email = reviewer, role = "reviewer" }
            )
        )
            Assert.Equal(HttpStatusCode.NoContent, grant.StatusCode);
        using var before = fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(reviewer));
        using (var queue = await before.GetAsync(new Uri("/api/applications/review/queue", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.OK, queue.StatusCode);

        using (
            var revoke = await admin.PostAsJsonAsync(
                "/api/members/admin/roles/revoke",
                new { email = reviewer, role = "reviewer" }
            )
        )
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
            Assert.Equal("""{"wasHeld":true,"sessionsEnded":1}""", await revoke.Content.ReadAsStringAsync());
        }

        using (var queue = await before.GetAsync(new Uri("/api/applications/review/queue", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, queue.StatusCode);
        using var after = fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(reviewer));
        Assert.Empty((await after.GetFromJsonAsync<Caller>("/api/members/me"))!.Roles);
        using (var queue = await after.GetAsync(new Uri("/api/applications/review/queue", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Forbidden, queue.StatusCode);
    }

    [Fact]
    public async Task OpsRolesTravelInTheTokenAndGuardTheirRoutes()
    {
        using var applicant = fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(Accounts.NewApplicant()));
        using var forbidden = await applicant.PostAsync(new Uri("/api/applications/probes", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var admin = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Admin));
        var reviewer = Accounts.NewApplicant();
        using (
            var badRole = await admin.PostAsJsonAsync(
                "/api/members/admin/roles",
                new { email = reviewer, role = "superuser" }
            )
        )
        {
            Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
            Assert.Contains("role", (await badRole.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        }
        using (
            var grant = await admin.PostAsJsonAsync(
                "/api/members/admin/roles",
                new { email = reviewer, role = "reviewer" }
            )
        )
            Assert.Equal(HttpStatusCode.NoContent, grant.StatusCode);
        using (
            var notAdmin = await applicant.PostAsJsonAsync(
                "/api/members/admin/roles",
                new { email = reviewer, role = "admin" }
            )
        )
            Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);

        using var reviewerClient = fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(reviewer));
        Assert.Equal(["reviewer"], (await reviewerClient.GetFromJsonAsync<Caller>("/api/members/me"))!.Roles);
    }

    [Fact]
    public async Task CodeRequestsAreLimitedPerAddress()
    {
        var email = Accounts.NewApplicant();
        using var gateway = fixture.CreateGatewayClient();
        for (var i = 0; i < 5; i++)
        {
            using var accepted = await gateway.PostAsJsonAsync("/api/members/sign-in/code", new { email });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var limited = await gateway.PostAsJsonAsync("/api/members/sign-in/code", new { email });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("コードの請求が多すぎます。", (await limited.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
    }

    [Fact]
    public async Task TheGatewayLimitsSignInCallsPerClientAddress()
    {
        // Wait for a fresh window so earlier tests' sign-ins do not count, then exceed it.
        await Task.Delay(AppHostFixture.SignInWindow);
        using var gateway = fixture.CreateGatewayClient();
        var statuses = new List<HttpStatusCode>();
        // Twice the limit and one: a burst that straddles two fixed windows still exceeds one.
        for (
            var i = 0;
            i <= 2 * AppHostFixture.SignInPermitLimit && !statuses.Contains(HttpStatusCode.TooManyRequests);
            i++
        )
        {
            using var response = await RefusedSignInAsync(gateway);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        await WaitForTheWindowToClearAsync(gateway);
    }

    // A sign-in call that counts against the gateway's limit and changes nothing in Members.
    private static Task<HttpResponseMessage> RefusedSignInAsync(HttpClient gateway) =>
        gateway.PostAsJsonAsync("/api/members/sign-in/verify", new { email = "not-an-address", code = "1" });

    // Leave the window clear for the next test. Not a fixed delay: the shared (Redis) window
    // counts whole seconds and closes only after its last second, so it lasts up to a second
    // longer than configured, and the next test would meet a 429.
    private static async Task WaitForTheWindowToClearAsync(HttpClient gateway)
    {
        var deadline = DateTime.UtcNow + 3 * AppHostFixture.SignInWindow;
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            using var probe = await RefusedSignInAsync(gateway);
            if (probe.StatusCode != HttpStatusCode.TooManyRequests)
                return;
            Assert.True(DateTime.UtcNow < deadline, "The sign-in window did not clear within three windows.");
        }
    }

    private async Task<ProblemDetails> VerifyAsync(string email, string code, HttpStatusCode expected)
    {
        using var gateway = fixture.CreateGatewayClient();
        using var response = await gateway.PostAsJsonAsync("/api/members/sign-in/verify", new { email, code });
        Assert.Equal(expected, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
    }

    private sealed record Caller(string Subject, List<string> Roles);
}
