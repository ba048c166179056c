using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Habatan.TestSupport;

// Members' imports are jobs (issue #14, point 7): an upload answers 202 with the job's status URL,
// and the import's answer comes once the job is finished. Uploads, polls within a bound, and
// returns the finished job; every caller of the import endpoint goes through here.
public static class ImportJobPolling
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    public static async Task<ImportOutcome> ImportAsync(
        HttpClient client,
        string kind,
        HttpContent file,
        TimeSpan? timeout = null,
        TimeSpan? pollEvery = null,
        CancellationToken cancellationToken = default
    )
    {
        using var upload = await client.PostAsync(
            new Uri($"/api/members/ops/imports/{kind}", UriKind.Relative),
            file,
            cancellationToken
        );
        if (upload.StatusCode != HttpStatusCode.Accepted)
        {
            var body = await upload.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException(
                $"The {kind} upload answered {(int)upload.StatusCode}, not 202: {body[..Math.Min(body.Length, 600)]}"
            );
        }
        return await WaitAsync(client, upload.Headers.Location!, timeout, pollEvery, cancellationToken);
    }

    // A CSV as ops save it from Excel (UTF-8 with BOM), imported; anything but Succeeded throws.
    public static async Task<ImportOutcome> ImportCsvAsync(HttpClient client, string kind, string csv)
    {
        using var content = Csv(csv);
        var import = await ImportAsync(client, kind, content);
        return import.State == "Succeeded"
            ? import
            : throw new InvalidOperationException($"The import ended {import.State}: {import.Job}");
    }

    public static ByteArrayContent Csv(string text) =>
        new([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)])
        {
            Headers = { ContentType = new MediaTypeHeaderValue("text/csv") },
        };

    public static async Task<ImportOutcome> WaitAsync(
        HttpClient client,
        Uri statusUrl,
        TimeSpan? timeout = null,
        TimeSpan? pollEvery = null,
        CancellationToken cancellationToken = default
    )
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>(statusUrl, cancellationToken);
            if (job.GetProperty("isFinished").GetBoolean())
                return new ImportOutcome(job);
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"The import job {statusUrl} is still {job.GetProperty("state")}.");
            await Task.Delay(pollEvery ?? TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}

// A finished import job. Answer: what the synchronous upload answered before imports became
// jobs: the import's result when Succeeded, the 422 problem with the cell report when Refused.
public sealed record ImportOutcome(JsonElement Job)
{
    public string State => Job.GetProperty("state").GetString()!;

    public JsonElement Answer =>
        State switch
        {
            "Succeeded" => Job.GetProperty("result"),
            "Refused" => Job.GetProperty("problem"),
            _ => Job,
        };
}
