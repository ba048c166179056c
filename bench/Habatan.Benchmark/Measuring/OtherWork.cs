namespace Habatan.Benchmark.Measuring;

// CPU used during a line by processes that are not the benchmark's: the load average cannot
// tell, since the system under test itself keeps both cores busy. The benchmark's own processes
// are its tree and the tree of the AppHost's orchestrator (DCP daemonizes and names the process
// it serves: `dcp start-apiserver --monitor <pid>`), which starts every server and service;
// everything else (a build, a test run, a helper's work) is other work, and a line with more
// than QuietAtMost of a core of it is flagged.
internal sealed class OtherWork
{
    public const double QuietAtMost = 0.1;

    // USER_HZ, the unit of the times in /proc/<pid>/stat (100 on every Linux build we run on).
    private const long TicksPerSecond = 100;

    private readonly long _othersAtStart;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    private OtherWork(long othersAtStart) => _othersAtStart = othersAtStart;

    public static OtherWork? Start() => OthersTicks() is { } ticks ? new OtherWork(ticks) : null;

    // Cores' worth of CPU other processes used since Start (1.0 = one core all the time).
    public double Cores()
    {
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var used = (OthersTicks() ?? _othersAtStart) - _othersAtStart;
        return seconds > 0 ? Math.Max(0, used) / (double)TicksPerSecond / seconds : 0;
    }

    // CPU ticks of every live process outside this one's tree; kernel threads (children of
    // kthreadd) are left out. A process that ended during the line takes its ticks with it, so
    // short-lived other work is undercounted, never overcounted.
    private static long? OthersTicks()
    {
        if (!Directory.Exists("/proc/self"))
            return null;
        var processes = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // Fields after the command name, which may hold spaces: state ppid … utime(14) stime(15).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks =
                    long.Parse(fields[11], CultureInfo.InvariantCulture)
                    + long.Parse(fields[12], CultureInfo.InvariantCulture);
                processes[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture), ticks);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while being read.
            }
        }
        HashSet<int> roots = [Environment.ProcessId, .. Orchestrators(processes.Keys)];
        bool Ours(int pid)
        {
            for (var hops = 0; pid > 1 && hops < 64; hops++)
            {
                if (roots.Contains(pid))
                    return true;
                if (!processes.TryGetValue(pid, out var process))
                    return false;
                pid = process.Parent;
            }
            return false;
        }
        return processes.Where(p => p.Key != 2 && p.Value.Parent != 2 && !Ours(p.Key)).Sum(p => p.Value.Ticks);
    }

    private static IEnumerable<int> Orchestrators(IEnumerable<int> pids)
    {
        var monitored = $"--monitor\0{Environment.ProcessId}\0";
        foreach (var pid in pids)
        {
            string commandLine;
            try
            {
                commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (commandLine.Contains(monitored, StringComparison.Ordinal))
                yield return pid;
        }
    }
}
