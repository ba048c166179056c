using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Habatan.TestSupport;

// A server started from one of the eng/ scripts (the same ones the AppHost runs), with its
// output kept for the failure message of a test that needed it.
public sealed partial class ServerProcess : IAsyncDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private const int SigStop = 19;
    private const int SigCont = 18;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(
        string command,
        IEnumerable<string> arguments,
        IDictionary<string, string>? environment = null
    )
    {
        var startInfo = new ProcessStartInfo(command)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            startInfo.Environment[key] = value;

        var process = new Process { StartInfo = startInfo };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{what} exited early:\n{Output}");
            if (await ready())
                return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"{what} was not ready within {timeout}:\n{Output}");
    }

    // For a process that runs to its end (a migration): its exit code, or a timeout.
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not exit within {timeout}:\n{Output}");
        }
        return _process.ExitCode;
    }

    // Graceful by default; `crash` kills without warning, as a power cut would.
    public Task StopAsync(bool crash = false) => SignalAndWaitAsync(crash ? SigKill : SigTerm);

    // SIGINT: for PostgreSQL a fast shutdown, which disconnects its clients instead of waiting
    // for them as SIGTERM does; what a service sees when its database goes away.
    public Task InterruptAsync() => SignalAndWaitAsync(SigInt);

    // SIGSTOP and SIGCONT: the server keeps its sockets open but answers nothing meanwhile, as
    // one that stalls (a swap storm, a long fork, a VM paused by its host) does.
    public void Pause() => _ = Kill(_process.Id, SigStop);

    public void Resume() => _ = Kill(_process.Id, SigCont);

    private async Task SignalAndWaitAsync(int signal)
    {
        if (_process.HasExited)
            return;
        _ = Kill(_process.Id, signal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
