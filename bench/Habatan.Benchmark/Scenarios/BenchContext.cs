using Habatan.Benchmark.Baselines;
using Habatan.Benchmark.Data;
using Habatan.Benchmark.SystemSide;
using Npgsql;

namespace Habatan.Benchmark.Scenarios;

// What scenarios share within one benchmark: the running system, the options, the baselines'
// database, the generated member files and the live progress display.
internal sealed class BenchContext(
    BenchSystem system,
    BenchOptions options,
    NpgsqlConnectionStringBuilder bench,
    ProgressContext progress
) : IAsyncDisposable
{
    private MemberData? _memberData;
    private string? _operatorToken;
    private string? _approverToken;
    private AudienceRequests? _audiences;
    private MembersPhaseLog? _membersPhases;
    private string[] _applicantTokens = [];
    private bool _audienceTablesReady;

    public BenchSystem System { get; } = system;

    public BenchOptions Options { get; } = options;

    public NpgsqlConnectionStringBuilder Bench { get; } = bench;

    public int Run { get; set; }

    // Set once the generated files went through Members' import (timed or not): the audience
    // needs them in Members, and the same files again would be a no-op.
    public ImportTiming? SystemImport { get; set; }

    public async Task<HttpClient> OpsClientAsync()
    {
        _operatorToken ??= await System.SignIn.SignInAsync(BenchAccounts.Operator);
        return System.Gateway(_operatorToken);
    }

    // The second person of the fan-out's four eyes: approves what the operator requested.
    public async Task<HttpClient> ApproverClientAsync()
    {
        _approverToken ??= await System.SignIn.SignInAsync(BenchAccounts.Approver);
        return System.Gateway(_approverToken);
    }

    // The generated files in Members, once per benchmark and not timed here: the audience and
    // the fan-out resolve from them (the import scenario times its own upload).
    public async Task EnsureMembersImportedAsync(HttpClient ops, string scenario, CancellationToken cancellationToken)
    {
        if (SystemImport is not null)
            return;
        var data = await MemberDataAsync(cancellationToken);
        var task = Task($"{scenario}: importing the same files into Members (not timed)");
        SystemImport = await MembersImport.RunAsync(ops, data, cancellationToken);
        if (!SystemImport.BothImported)
            throw new InvalidOperationException(
                $"Members' import answered {SystemImport.Roster.Status}/{SystemImport.Entitlements.Status}."
            );
        task.Value = task.MaxValue;
        task.StopTask();
    }

    public async Task<AudienceRequests> AudiencesAsync(CancellationToken cancellationToken) =>
        _audiences ??= await AudienceRequests.StartAsync(System.Messaging, cancellationToken);

    // Members' logged phases of each snapshot, read from its console output from now on.
    public MembersPhaseLog MembersPhases => _membersPhases ??= MembersPhaseLog.Start(System.App);

    public async ValueTask DisposeAsync()
    {
        _membersPhases?.Dispose();
        if (_audiences is not null)
            await _audiences.DisposeAsync();
    }

    public ProgressTask Task(string description) => progress.AddTask($"run {Run}: {description}", maxValue: 1);

    // Tokens of the first `count` generated applicants, signed in through the gateway once per
    // benchmark (Members allows an address 5 codes per 15 minutes); the first call's rate is
    // returned as a figure of its own, since the 9:00 rush begins with everyone signing in.
    public async Task<(string[] Tokens, double? SignInsPerSecond, int? CodesAskedAgain)> ApplicantTokensAsync(
        int count,
        CancellationToken cancellationToken
    )
    {
        if (_applicantTokens.Length >= count)
            return (_applicantTokens[..count], null, null);
        var task = Task($"signing in {count:N0} applicants through the gateway (code by mail, verify)");
        var clock = Stopwatch.StartNew();
        var emails = Enumerable.Range(0, count).Select(i => Data.Applicants.Get(i).Email).ToList();
        var run = await MemberSignIns.SignInAsync(System, emails, Options.Concurrency, task, cancellationToken);
        _applicantTokens = run.Tokens;
        task.StopTask();
        return (_applicantTokens, count / clock.Elapsed.TotalSeconds, run.CodesAskedAgain);
    }

    public async Task<MemberData> MemberDataAsync(CancellationToken cancellationToken)
    {
        if (_memberData is null)
        {
            var task = Task("generating members and entitlements (seeded, .data/bench)");
            _memberData = await MemberFiles.EnsureAsync(Options, task, cancellationToken);
            task.StopTask();
        }
        return _memberData;
    }

    // The import scenario's \copy leaves the rows the audience tables are built from; when the
    // audience runs alone they are loaded here, outside any timing.
    public void RowsCopied() => _audienceTablesReady = false;

    public async Task EnsureAudienceTablesAsync(CancellationToken cancellationToken)
    {
        if (_audienceTablesReady)
            return;
        var task = Task("loading the audience tables (not timed)");
        var data = await MemberDataAsync(cancellationToken);
        if (!await RowsPresentAsync(data, cancellationToken))
            await PsqlCopy.BareAsync(Bench, data, cancellationToken);
        await RawAudienceSql.PrepareAsync(Bench, cancellationToken);
        task.Value = task.MaxValue;
        task.StopTask();
        _audienceTablesReady = true;
    }

    private async Task<bool> RowsPresentAsync(MemberData data, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Bench.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT to_regclass('bench_roster_row') IS NOT NULL AND (SELECT count(*) FROM bench_roster_row) = $1",
            connection
        )
        {
            Parameters = { new() { Value = (long)data.Members } },
        };
        try
        {
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }
}
