using System.Globalization;
using System.Net.Http.Json;

namespace Habatan.TestSupport;

// Reads what arrived in smtp4dev through its REST API, as a person would in its web UI.
public sealed class MailSinkClient(HttpClient api)
{
    // Every message whose recipients include this address (case-insensitive), with its body.
    public async Task<IReadOnlyList<MailSinkMessage>> MessagesToAsync(string address) =>
        await WithBodiesAsync(await SummariesToAsync(address));

    // The messages to this address once `expected` have arrived (or `patience` ran out) and `settle`
    // has passed with room for one more: the test relay forwards after its 250, so the sink lags the
    // sender's record, and a second copy would arrive after the first. The caller asserts the count.
    public async Task<IReadOnlyList<MailSinkMessage>> SettledMessagesToAsync(
        string address,
        int expected,
        TimeSpan patience,
        TimeSpan settle
    )
    {
        await Eventually.HoldsAsync(async () => (await SummariesToAsync(address)).Count >= expected, patience);
        await Task.Delay(settle);
        return await MessagesToAsync(address);
    }

    // Every message in the sink, with its body: for a reader that empties the sink between batches.
    public async Task<IReadOnlyList<MailSinkMessage>> AllMessagesAsync() =>
        await WithBodiesAsync(await SummariesAsync());

    public async Task<int> CountAsync() => (await PageAsync(1)).RowCount;

    public async Task DeleteAllAsync()
    {
        using var response = await api.DeleteAsync("api/messages/*");
        response.EnsureSuccessStatusCode();
    }

    private async Task<IReadOnlyList<MessageSummary>> SummariesAsync() => (await PageAsync(100_000)).Results;

    private async Task<IReadOnlyList<MessageSummary>> SummariesToAsync(string address) =>
        [
            .. (await SummariesAsync()).Where(m =>
                m.To.Any(to => string.Equals(to, address, StringComparison.OrdinalIgnoreCase))
            ),
        ];

    private async Task<IReadOnlyList<MailSinkMessage>> WithBodiesAsync(IEnumerable<MessageSummary> summaries)
    {
        var messages = new List<MailSinkMessage>();
        foreach (var summary in summaries)
        {
            // The list's "from" is the envelope sender; the message's own is the From header.
            var detail = await ReadJsonAsync<MessageDetail>($"api/messages/{summary.Id}");
            var body = await ReadAsync($"api/messages/{summary.Id}/plaintext", content => content.ReadAsStringAsync());
            messages.Add(new MailSinkMessage(summary.Id, detail.From, summary.To, detail.Subject, body));
        }
        return messages;
    }

    // How many messages with this exact subject each recipient got, from the message list alone:
    // a fan-out test checks thousands of recipients without reading every message.
    public async Task<IReadOnlyDictionary<string, int>> RecipientCountsAsync(string subject)
    {
        var page = await PageAsync(1_000_000);
        return page
            .Results.Where(m => m.Subject == subject)
            .SelectMany(m => m.To)
            .GroupBy(to => to.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.Count());
    }

    // When the sink received each message with this exact subject: a throttle test reads the
    // rate that arrived, not the rate that was meant.
    public async Task<IReadOnlyList<DateTimeOffset>> ArrivalTimesAsync(string subject)
    {
        var page = await PageAsync(1_000_000);
        return [.. page.Results.Where(m => m.Subject == subject).Select(m => m.ReceivedDate).Order()];
    }

    // The API pages by 5 unless asked otherwise.
    private Task<MessagePage> PageAsync(int size) =>
        ReadJsonAsync<MessagePage>(string.Create(CultureInfo.InvariantCulture, $"api/messages?pageSize={size}"));

    private Task<T> ReadJsonAsync<T>(string path) =>
        ReadAsync(
            path,
            async content =>
                await content.ReadFromJsonAsync<T>()
                ?? throw new InvalidOperationException($"smtp4dev returned nothing for {path}.")
        );

    // smtp4dev now and then answers a read with 500 while it stores mail (once in a full run, on
    // a test's first read). It is the tests' instrument, not the system under test: a read that
    // meets a 5xx is tried again, a bounded number of times, before the test fails on it.
    private async Task<T> ReadAsync<T>(string path, Func<HttpContent, Task<T>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await api.GetAsync(new Uri(path, UriKind.Relative));
            if ((int)response.StatusCode >= 500 && attempt < ReadAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                continue;
            }
            response.EnsureSuccessStatusCode();
            return await read(response.Content);
        }
    }

    private const int ReadAttempts = 5;

    private sealed record MessagePage(IReadOnlyList<MessageSummary> Results, int RowCount);

    private sealed record MessageSummary(
        string Id,
        IReadOnlyList<string> To,
        string? Subject,
        DateTimeOffset ReceivedDate
    );

    private sealed record MessageDetail(string From, string Subject);
}

public sealed record MailSinkMessage(
    string Id,
    string From,
    IReadOnlyList<string> To,
    string Subject,
    string PlainText
);
