using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.OpenApi;

namespace Habatan.FunctionalTests.OpenApi;

// Issue 13, item 10: every service publishes an OpenAPI document with the problem responses of
// each operation; the gateway serves them and an API reference to ops roles only, under a CSP
// that loosens nothing for the portal; Spectral finds no error in them.
[Collection(AppHostCollection.Name)]
public sealed class OpenApiDocumentTests(AppHostFixture fixture)
{
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task TheReferenceAndTheDocumentsAreForOpsRolesOnly()
    {
        using var anonymous = fixture.CreateGatewayClient();
        using var member = fixture.SignIn.CreateClient(await fixture.SignIn.SignInAsync(Accounts.NewApplicant()));
        var reference = new Uri("/ops/api/", UriKind.Relative);
        foreach (var path in ApiDocuments.Names.Select(ApiDocuments.PathOf).Append(reference))
        {
            using var unsigned = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
            using var applicant = await member.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, applicant.StatusCode);
        }
        foreach (var account in new[] { Accounts.Reviewer, Accounts.Auditor, Accounts.Approver })
        {
            using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(account));
            using var document = await ops.GetAsync(ApiDocuments.PathOf("members"));
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        }
    }

    [Fact]
    public async Task TheReferencePageAllowsOnlyItsOwnNoncedScriptAndThePortalKeepsItsStrictPolicy()
    {
        using var ops = fixture.SignIn.CreateClient(await fixture.OpsTokenAsync(Accounts.Reviewer));
        using var page = await ops.GetAsync(new Uri("/ops/api/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        var scripts = csp.Split(';')
            .Select(d => d.Trim())
            .Single(d => d.StartsWith("script-src", StringComparison.Ordinal));
        Assert.Matches("^script-src 'self' 'nonce-[^']+'$", scripts);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        var nonce = scripts.Split("'nonce-")[1].TrimEnd('\'');
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);

        foreach (var portal in new[] { "/", "/ops/", "/sign-in/" })
        {
            using var response = await ops.GetAsync(new Uri(portal, UriKind.Relative));
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("nonce-", policy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryOperationDeclaresItsProblemResponsesAsProblemJsonWithASchema()
    {
        var token = await fixture.OpsTokenAsync(Accounts.Reviewer);
        foreach (var name in ApiDocuments.Names)
        {
            var document = await ApiDocuments.ReadAsync(fixture, token, name);
            Assert.NotEmpty(document.Paths);
            foreach (var (path, item) in document.Paths)
            foreach (var (method, operation) in item.Operations!)
            {
                var where = $"{name}: {method} {path}";
                var responses = operation.Responses!;
                Assert.True(responses.ContainsKey("400"), where);
                Assert.Equal(operation.Security is { Count: > 0 }, responses.ContainsKey("401"));
                if (path.Contains('{', StringComparison.Ordinal))
                    Assert.True(responses.ContainsKey("404"), where);
                if (operation.RequestBody is not null)
                    Assert.True(responses.ContainsKey("422"), where);
                foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                {
                    var content = Assert.Single(response.Content!);
                    Assert.Equal("application/problem+json", content.Key);
                    Assert.NotNull(content.Value.Schema);
                }
                if (responses.TryGetValue("422", out var validation))
                {
                    var schema = (OpenApiSchemaReference)validation.Content!.Single().Value.Schema!;
                    Assert.Equal("ValidationProblemDetails", schema.Reference.Id);
                }
            }
        }
    }

    [Fact]
    public async Task RateLimitedOperationsDeclare429ThroughTheGateway()
    {
        var token = await fixture.OpsTokenAsync(Accounts.Reviewer);
        var members = await ApiDocuments.ReadAsync(fixture, token, "members");
        var code = members.Paths["/api/members/sign-in/code"].Operations![HttpMethod.Post];
        Assert.True(code.Responses!.ContainsKey("429"));
        Assert.False(members.Paths["/api/members/me"].Operations![HttpMethod.Get].Responses!.ContainsKey("429"));
        var applications = await ApiDocuments.ReadAsync(fixture, token, "applications");
        var submission = applications.Paths["/api/applications/submissions"].Operations![HttpMethod.Post];
        Assert.True(submission.Responses!.ContainsKey("429"));
        Assert.Contains("multipart/form-data", submission.RequestBody!.Content!.Keys);
        var gateway = await ApiDocuments.ReadAsync(fixture, token, "gateway");
        Assert.True(gateway.Paths["/api/session/code"].Operations![HttpMethod.Post].Responses!.ContainsKey("429"));
    }

    // Spectral (eng/api-tools, ruleset eng/api-tools/.spectral.yaml) over each document as served.
    [Fact]
    public async Task SpectralFindsNoErrorInAnyDocument()
    {
        var token = await fixture.OpsTokenAsync(Accounts.Reviewer);
        var tools = Path.Combine(RepositoryPaths.Root, "eng", "api-tools");
        var spectral = Path.Combine(tools, "node_modules", ".bin", "spectral");
        Assert.True(File.Exists(spectral), "Spectral is not installed: run eng/setup.sh (npm ci in eng/api-tools).");
        var folder = RepositoryPaths.TestData("openapi");
        Directory.CreateDirectory(folder);
        try
        {
            var files = new List<string>();
            foreach (var name in ApiDocuments.Names)
            {
                var file = Path.Combine(folder, $"{name}.json");
                await File.WriteAllTextAsync(file, await ApiDocuments.ReadTextAsync(fixture, token, name));
                files.Add(file);
            }
            var start = new ProcessStartInfo(spectral)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = tools,
            };
            string[] arguments =
            [
                "lint",
                "--ruleset",
                Path.Combine(tools, ".spectral.yaml"),
                "--format",
                "json",
                "--quiet",
            ];
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            files.ForEach(start.ArgumentList.Add);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(LintTimeout);
            await process.WaitForExitAsync(timeout.Token);

            var report = await output;
            var results = JsonDocument.Parse(string.IsNullOrWhiteSpace(report) ? "[]" : report).RootElement;
            var findings = results
                .EnumerateArray()
                .Where(f => f.GetProperty("severity").GetInt32() == 0)
                .Select(f =>
                    $"{Path.GetFileName(f.GetProperty("source").GetString())}: "
                    + $"{f.GetProperty("code").GetString()} "
                    + $"at {string.Join('.', f.GetProperty("path").EnumerateArray())}: "
                    + f.GetProperty("message").GetString()
                )
                .ToList();
            Assert.True(findings.Count == 0, string.Join("\n", findings) + await errors);
        }
        finally
        {
            RepositoryPaths.TryDelete(folder);
        }
    }
}
