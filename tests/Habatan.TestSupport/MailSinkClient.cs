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

    public async Task<int> CountAsync()
    {
        var page =
            await api.GetFromJsonAsync<MessagePage>("api/messages?pageSize=1")
            ?? throw new InvalidOperationException("smtp4dev returned no message list.");
        return page.RowCount;
    }

    public async Task DeleteAllAsync()
    {
        using var response = await api.DeleteAsync("api/messages/*");
        response.EnsureSuccessStatusCode();
    }

    private async Task<IReadOnlyList<MessageSummary>> SummariesAsync()
    {
        // The API pages by 5 unless asked otherwise.
        var page =
            await api.GetFromJsonAsync<MessagePage>("api/messages?pageSize=100000")
            ?? throw new InvalidOperationException("smtp4dev returned no message list.");
        return page.Results;
    }

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
            var detail =
                await api.GetFromJsonAsync<MessageDetail>($"api/messages/{summary.Id}")
                ?? throw new InvalidOperationException($"smtp4dev returned no message {summary.Id}.");
            var body = await api.GetStringAsync($"api/messages/{summary.Id}/plaintext");
            messages.Add(new MailSinkMessage(summary.Id, detail.From, summary.To, detail.Subject, body));
        }
        return messages;
    }

    // How many messages with this exact subject each recipient got, from the message list alone:
    // a fan-out test checks thousands of recipients without reading every message.
    public async Task<IReadOnlyDictionary<string, int>> RecipientCountsAsync(string subject)
    {
        var page =
            await api.GetFromJsonAsync<MessagePage>("api/messages?pageSize=1000000")
            ?? throw new InvalidOperationException("smtp4dev returned no message list.");
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
        var page =
            await api.GetFromJsonAsync<MessagePage>("api/messages?pageSize=1000000")
            ?? throw new InvalidOperationException("smtp4dev returned no message list.");
        return [.. page.Results.Where(m => m.Subject == subject).Select(m => m.ReceivedDate).Order()];
    }

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
