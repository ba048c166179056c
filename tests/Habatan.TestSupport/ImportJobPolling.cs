using System.Net;
using System.Net.Http.Json;
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
        TimeSpan? timeout = null
    )
    {
        using var upload = await client.PostAsync(new Uri($"/api/members/ops/imports/{kind}", UriKind.Relative), file);
        if (upload.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException(
                $"The upload answered {(int)upload.StatusCode}, not 202: {await upload.Content.ReadAsStringAsync()}"
            );
        return await WaitAsync(client, upload.Headers.Location!, timeout);
    }

    public static async Task<ImportOutcome> WaitAsync(HttpClient client, Uri statusUrl, TimeSpan? timeout = null)
    {
        var job = await Eventually.GetAsync(
            () => client.GetFromJsonAsync<JsonElement>(statusUrl),
            job => job.GetProperty("isFinished").GetBoolean(),
            timeout ?? DefaultTimeout
        );
        if (!job.GetProperty("isFinished").GetBoolean())
            throw new TimeoutException($"The import job {statusUrl} is still {job.GetProperty("state")}.");
        return new ImportOutcome(job);
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
