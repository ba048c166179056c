using System.Globalization;
using System.Net.Http.Json;

namespace Habatan.TestSupport;

// A throw-away smtp4dev (the mail sink the AppHost runs) on free ports, started by
// eng/run-smtp4dev.sh. Tests send to it over SMTP and read what arrived through its REST API.
public sealed class MailSinkServer : IAsyncDisposable
{
    private readonly ServerProcess _process;
    private readonly string _dataDirectory;
    private readonly HttpClient _api;

    private MailSinkServer(ServerProcess process, string dataDirectory, int smtpPort, int httpPort)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        SmtpPort = smtpPort;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int SmtpPort { get; }

    // The form of the AppHost's "mail" connection string.
    public string ConnectionString => $"smtp://127.0.0.1:{SmtpPort}";

    public static async Task<MailSinkServer> StartAsync()
    {
        var dataDirectory = RepositoryPaths.TestData("smtp4dev");
        int[] ports = [FreePort.Next(), FreePort.Next(), FreePort.Next()];
        var process = ServerProcess.Start("bash", ["eng/run-smtp4dev.sh", dataDirectory, .. ports.Select(p => p.ToString(CultureInfo.InvariantCulture))]);
        var server = new MailSinkServer(process, dataDirectory, ports[0], ports[1]);
        try
        {
            // The first start may restore the tool; later ones take a few seconds.
            await process.WaitUntilAsync(server.AnswersAsync, TimeSpan.FromSeconds(120), "smtp4dev");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    // Every message whose recipients include this address (case-insensitive), with its body.
    public async Task<IReadOnlyList<MailSinkMessage>> MessagesToAsync(string address)
    {
        var page = await _api.GetFromJsonAsync<MessagePage>("api/messages?pageSize=100000")
            ?? throw new InvalidOperationException("smtp4dev returned no message list.");
        var messages = new List<MailSinkMessage>();
        foreach (var summary in page.Results.Where(m => m.To.Any(to => string.Equals(to, address, StringComparison.OrdinalIgnoreCase))))
        {
            // The list's "from" is the envelope sender; the message's own is the From header.
            var detail = await _api.GetFromJsonAsync<MessageDetail>($"api/messages/{summary.Id}")
                ?? throw new InvalidOperationException($"smtp4dev returned no message {summary.Id}.");
            var body = await _api.GetStringAsync($"api/messages/{summary.Id}/plaintext");
            messages.Add(new MailSinkMessage(summary.Id, detail.From, summary.To, detail.Subject, body));
        }
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _process.DisposeAsync();
        PostgresServer.TryDelete(_dataDirectory);
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var response = await _api.GetAsync("api/messages");
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private sealed record MessagePage(IReadOnlyList<MessageSummary> Results);

    private sealed record MessageSummary(string Id, IReadOnlyList<string> To);

    private sealed record MessageDetail(string From, string Subject);
}

public sealed record MailSinkMessage(string Id, string From, IReadOnlyList<string> To, string Subject, string PlainText);
