using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Habatan.Members.Imports;
using Npgsql;

namespace Habatan.Members.Tests.Imports;

// Issue #14, point 7: an import is a job. The upload answers at once with where to follow it;
// the job shows its progress, then the answer the upload used to give; one job per kind runs at
// a time across replicas; a job whose worker died is Failed, with nothing of its file stored.
[Collection(ImportJobsCollection.Name)]
public sealed class ImportJobTests(ImportJobsFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnUploadAnswers202WithTheJobIdAndItsStatusUrl()
    {
        using var ops = fixture.Web.OperatorClient();
        var members = Members(3);

        using var upload = await ops.PostAsync(
            "/api/members/ops/imports/roster",
            Csv(GeneratedMembers.RosterCsv(members))
        );

        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var job = await upload.Content.ReadFromJsonAsync<JsonElement>();
        var jobId = job.GetProperty("jobId").GetGuid();
        var statusUrl = $"/api/members/ops/imports/jobs/{jobId}";
        Assert.Equal(
            (statusUrl, statusUrl, "Queued", "roster"),
            (
                upload.Headers.Location?.ToString(),
                job.GetProperty("statusUrl").GetString(),
                job.GetProperty("state").GetString(),
                job.GetProperty("kind").GetString()
            )
        );
        var done = await ImportJobPolling.WaitAsync(ops, new Uri(statusUrl, UriKind.Relative), Bound);
        Assert.Equal(
            ("Succeeded", "imported", 3, 3),
            (
                done.State,
                done.Answer.GetProperty("status").GetString(),
                done.Answer.GetProperty("insertedCount").GetInt32(),
                done.Job.GetProperty("progress").GetProperty("rowsStored").GetInt32()
            )
        );
    }

    // The merge is held back by a lock on the members table, so the job stays Running after
    // reading and checking every row: its status shows those counts before anything is stored.
    [Fact]
    public async Task AJobShowsRowsReadCheckedAndStoredAsItRuns()
    {
        using var ops = fixture.Web.OperatorClient();
        var members = Members(25);
        await using var holder = await OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, "LOCK TABLE member IN EXCLUSIVE MODE");

        var statusUrl = await UploadAsync(ops, "roster", GeneratedMembers.RosterCsv(members));
        var running = await Eventually.GetAsync(
            () => ops.GetFromJsonAsync<JsonElement>(statusUrl),
            job => Progress(job) == ("Running", 25, 25, 0),
            Bound
        );
        Assert.Equal(("Running", 25, 25, 0), Progress(running));
        await hold.RollbackAsync();

        var done = await ImportJobPolling.WaitAsync(ops, statusUrl, Bound);
        Assert.Equal(("Succeeded", 25, 25, 25), Progress(done.Job));
        Assert.Equal(25, done.Answer.GetProperty("insertedCount").GetInt32());
    }

    [Fact]
    public async Task ABadFileIsRefusedWithItsCellReportAndNothingIsStored()
    {
        using var ops = fixture.Web.OperatorClient();
        var members = Members(2);
        Assert.Equal("Succeeded", (await ImportAsync(ops, "roster", GeneratedMembers.RosterCsv(members))).State);
        var campaign = GeneratedMembers.NewCampaign();
        var before = await fixture.Replica.DataFingerprintAsync();

        var refused = await ImportAsync(
            ops,
            "entitlements",
            CsvFile.Build([
                GeneratedMembers.EntitlementHeader,
                [members[0].Email, campaign, "2", "20,000", "0"],
                [members[1].Email, campaign, "1", "10000", "0"],
                [$"nobody@{GeneratedMembers.NewDomain()}", campaign, "1", "10000", "0"],
            ])
        );

        Assert.Equal("Refused", refused.State);
        var problem = refused.Answer;
        Assert.Equal(
            (422, 3, 2, 0),
            (
                problem.GetProperty("status").GetInt32(),
                problem.GetProperty("rowCount").GetInt32(),
                problem.GetProperty("errorCount").GetInt32(),
                refused.Job.GetProperty("progress").GetProperty("rowsStored").GetInt32()
            )
        );
        Assert.Equal(
            ["2:当選額:20,000", "4:メールアドレス"],
            problem
                .GetProperty("cells")
                .EnumerateArray()
                .Select(e =>
                    $"{e.GetProperty("row").GetInt32()}:{e.GetProperty("column").GetString()}"
                    + (e.GetProperty("row").GetInt32() == 2 ? $":{e.GetProperty("value").GetString()}" : "")
                )
        );
        using var report = await ops.GetAsync(problem.GetProperty("errorReport").GetString());
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal(before, await fixture.Replica.DataFingerprintAsync());
    }

    // Both replicas poll for roster jobs all the while; the first job holds the importer's lock
    // waiting for the test, and the second stays Queued until the first has ended.
    [Fact]
    public async Task TwoJobsOfOneKindNeverRunAtOnce()
    {
        using var ops = fixture.Web.OperatorClient();
        await using var holder = await OpenAsync();
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({MemberImporter.ImportLock})");
        Uri first,
            second;
        try
        {
            first = await UploadAsync(ops, "roster", GeneratedMembers.RosterCsv(Members(4)));
            second = await UploadAsync(ops, "roster", GeneratedMembers.RosterCsv(Members(5)));
            Assert.Equal(
                "Running",
                (await Eventually.GetAsync(() => StateAsync(ops, first), s => s == "Running", Bound))
            );
            // Many polls of both replicas go by (every 200 ms each); none may start the second.
            var started = await Eventually.HoldsAsync(
                async () => await StateAsync(ops, second) != "Queued",
                TimeSpan.FromSeconds(3)
            );
            Assert.False(started);
        }
        finally
        {
            await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({MemberImporter.ImportLock})");
        }

        var firstDone = await ImportJobPolling.WaitAsync(ops, first, Bound);
        var secondDone = await ImportJobPolling.WaitAsync(ops, second, Bound);
        Assert.Equal(("Succeeded", "Succeeded"), (firstDone.State, secondDone.State));
        Assert.True(
            secondDone.Job.GetProperty("startedAt").GetDateTimeOffset()
                >= firstDone.Job.GetProperty("finishedAt").GetDateTimeOffset()
        );
    }

    // As if the replica running it was killed: the job is Running, its lease has passed and nobody
    // renews it (a killed process's import transaction never committed). Any replica's sweep marks
    // it Failed with the reason, and nothing runs it again.
    [Fact]
    public async Task AJobWhoseWorkerDiedIsMarkedFailedAndTheDataIsUnchanged()
    {
        using var ops = fixture.Web.OperatorClient();
        var before = await fixture.Replica.DataFingerprintAsync();
        var file = GeneratedMembers.RosterCsv(Members(6));
        var jobId = Guid.CreateVersion7();
        await using (var connection = await OpenAsync())
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO member_import_job (id, kind, state, file_name, file_size, file, requested_by, started_at,
                    lease_until, worker, rows_read, rows_checked)
                VALUES ($1, 'roster', 'Running', '名簿.csv', $2, $3, 'test-operator', now() - interval '3 minutes',
                    now() - interval '1 minute', 'killed-replica:1', 6, 6)
                """,
                connection
            );
            insert.Parameters.Add(new() { Value = jobId });
            insert.Parameters.Add(new() { Value = (long)file.Length });
            insert.Parameters.Add(new() { Value = file });
            await insert.ExecuteNonQueryAsync();
        }
        var statusUrl = new Uri($"/api/members/ops/imports/jobs/{jobId}", UriKind.Relative);

        var failed = await ImportJobPolling.WaitAsync(ops, statusUrl, Bound);

        Assert.Equal(
            ("Failed", ImportJobWorker.LeaseExpired),
            (failed.State, failed.Job.GetProperty("reason").GetString())
        );
        Assert.Equal(before, await fixture.Replica.DataFingerprintAsync());
        var row = Assert.Single(
            await fixture.Replica.RowsAsync(
                "SELECT file IS NULL, import_id IS NULL FROM member_import_job WHERE id = $1",
                jobId
            )
        );
        Assert.Equal([true, true], row);
        // Several polls later it is still Failed: nobody picked it up again.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("Failed", await StateAsync(ops, statusUrl));
        Assert.Equal(before, await fixture.Replica.DataFingerprintAsync());
    }

    // A worker that is alive but missed its lease (a long pause): the sweep has marked its job
    // Failed while the import waits to merge. The import must then roll back, not commit: the job
    // stays Failed and nothing of its file is stored.
    [Fact]
    public async Task AJobSweptWhileItsWorkerStillRunsIsRolledBackNeverApplied()
    {
        using var ops = fixture.Web.OperatorClient();
        var swept = Members(7);
        await using var holder = await OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, "LOCK TABLE member IN EXCLUSIVE MODE");
        var statusUrl = await UploadAsync(ops, "roster", GeneratedMembers.RosterCsv(swept));
        var running = await Eventually.GetAsync(
            () => ops.GetFromJsonAsync<JsonElement>(statusUrl),
            job => Progress(job) == ("Running", 7, 7, 0),
            Bound
        );
        Assert.Equal(("Running", 7, 7, 0), Progress(running));
        await using (var sweeper = await OpenAsync())
        {
            await using var sweep = new NpgsqlCommand(
                """
                UPDATE member_import_job
                SET state = 'Failed', reason = 'swept by the test', finished_at = now(), lease_until = NULL, file = NULL
                WHERE id = $1 AND state = 'Running'
                """,
                sweeper
            );
            sweep.Parameters.Add(new() { Value = running.GetProperty("jobId").GetGuid() });
            Assert.Equal(1, await sweep.ExecuteNonQueryAsync());
        }
        await hold.RollbackAsync();

        // The next roster job runs only once the swept one's worker let go of the kind.
        var next = Members(2);
        Assert.Equal("Succeeded", (await ImportAsync(ops, "roster", GeneratedMembers.RosterCsv(next))).State);
        var job = await ops.GetFromJsonAsync<JsonElement>(statusUrl);
        Assert.Equal(
            ("Failed", "swept by the test"),
            (job.GetProperty("state").GetString(), job.GetProperty("reason").GetString())
        );
        Assert.Equal(0L, await StoredAsync(swept));
        Assert.Equal(2L, await StoredAsync(next));
    }

    [Fact]
    public async Task AnUnknownJobIs404AndAMalformedJobIdNamesTheField()
    {
        using var ops = fixture.Web.OperatorClient();

        using var unknown = await ops.GetAsync($"/api/members/ops/imports/jobs/{Guid.NewGuid()}");
        using var malformed = await ops.GetAsync("/api/members/ops/imports/jobs/not-a-job");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(
            "取り込みジョブが見つかりません。",
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()
        );
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var problem = await malformed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Contains(
            "ジョブID",
            problem.GetProperty("errors").GetProperty("id")[0].GetString(),
            StringComparison.Ordinal
        );
    }

    private static List<GeneratedMember> Members(int count)
    {
        var domain = GeneratedMembers.NewDomain();
        return Enumerable
            .Range(0, count)
            .Select(i => new GeneratedMember($"j{i}@{domain}", true, true, null, null))
            .ToList();
    }

    private async Task<long> StoredAsync(IEnumerable<GeneratedMember> members) =>
        (long)
            (
                await fixture.Replica.ScalarAsync(
                    "SELECT count(*) FROM member WHERE email = ANY($1)",
                    [members.Select(m => m.Email).ToArray()] // one parameter: the array, not its items
                )
            )!;

    private static ByteArrayContent Csv(byte[] file) =>
        new(file) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } };

    private static Task<ImportOutcome> ImportAsync(HttpClient ops, string kind, byte[] file) =>
        ImportJobPolling.ImportAsync(ops, kind, Csv(file), Bound);

    private static async Task<Uri> UploadAsync(HttpClient ops, string kind, byte[] file)
    {
        using var upload = await ops.PostAsync($"/api/members/ops/imports/{kind}", Csv(file));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        return upload.Headers.Location!;
    }

    private static async Task<string> StateAsync(HttpClient ops, Uri statusUrl) =>
        (await ops.GetFromJsonAsync<JsonElement>(statusUrl)).GetProperty("state").GetString()!;

    private static (string, int, int, int) Progress(JsonElement job)
    {
        var progress = job.GetProperty("progress");
        return (
            job.GetProperty("state").GetString()!,
            progress.GetProperty("rowsRead").GetInt32(),
            progress.GetProperty("rowsChecked").GetInt32(),
            progress.GetProperty("rowsStored").GetInt32()
        );
    }

    private async Task<NpgsqlConnection> OpenAsync() =>
        await fixture.Replica.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
