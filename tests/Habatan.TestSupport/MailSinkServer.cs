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
        _api = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    public int SmtpPort { get; }

    // The form of the AppHost's "mail" connection string.
    public string ConnectionString => $"smtp://127.0.0.1:{SmtpPort}";

    public static async Task<MailSinkServer> StartAsync()
    {
        var dataDirectory = RepositoryPaths.TestData("smtp4dev");
        int[] ports = [FreePort.Next(), FreePort.Next(), FreePort.Next()];
        var process = ServerProcess.Start(
            "bash",
            ["eng/run-smtp4dev.sh", dataDirectory, .. ports.Select(p => p.ToString(CultureInfo.InvariantCulture))]
        );
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

    public MailSinkClient CreateClient() => new(_api);

    public Task<IReadOnlyList<MailSinkMessage>> MessagesToAsync(string address) =>
        new MailSinkClient(_api).MessagesToAsync(address);

    public Task<IReadOnlyList<MailSinkMessage>> SettledMessagesToAsync(
        string address,
        int expected,
        TimeSpan patience,
        TimeSpan settle
    ) => new MailSinkClient(_api).SettledMessagesToAsync(address, expected, patience, settle);

    public Task<IReadOnlyDictionary<string, int>> RecipientCountsAsync(string subject) =>
        new MailSinkClient(_api).RecipientCountsAsync(subject);

    public Task<IReadOnlyList<DateTimeOffset>> ArrivalTimesAsync(string subject) =>
        new MailSinkClient(_api).ArrivalTimesAsync(subject);

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _process.DisposeAsync();
        RepositoryPaths.TryDelete(_dataDirectory);
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
}
