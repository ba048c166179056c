using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Habatan.FunctionalTests;

// Every line the AppHost's resources printed (Aspire's testing host forwards them to ILogger
// under "<AppHost>.Resources.<name>"), kept so a test that met a 5xx can show the server's own
// account of it: CI keeps nothing but the test's output.
public sealed partial class ResourceLogs : ILoggerProvider
{
    private const int Kept = 50_000;
    private readonly ConcurrentQueue<ResourceLogLine> _lines = new();

    // The resources' output, and the AppHost's supervisor (which restarts a killed process) as if
    // it were one more resource, so a failure can show what it decided.
    public ILogger CreateLogger(string categoryName) =>
        categoryName.Contains(".Resources.", StringComparison.Ordinal)
            ? new LineLogger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..])
        : categoryName.EndsWith(".Supervision.Supervisor", StringComparison.Ordinal)
            ? new LineLogger(this, "supervisor", withLevel: true)
        : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    // The servers' lines reach the test through the orchestrator's log stream, seconds behind
    // under load: the failure that explains a 5xx may not have arrived when the answer did.
    public static readonly TimeSpan StreamLag = TimeSpan.FromSeconds(5);

    // Each distinct failure printed since `since` ("fail:"/"crit:" of a .NET service, FATAL or
    // ERROR of PostgreSQL, [error] of RabbitMQ; with `warnings`, also "warn:" and [warning]) once,
    // with how often it came and the lines that follow it in the same resource's output (an
    // exception's stack, a warning's message).
    private string FailuresSince(DateTimeOffset since, int linesEach, bool warnings)
    {
        var lines = _lines.Where(l => l.At >= since).ToList();
        var shown = new Dictionary<string, (int Count, List<string> Lines)>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!IsFailure(lines[i].Text) && !(warnings && IsWarning(lines[i].Text)))
                continue;
            var resource = lines[i].Resource;
            var following = lines.Skip(i).Where(l => l.Resource == resource).Take(linesEach).ToList();
            var key = $"[{resource}] {string.Join(" ", following.Take(2).Select(l => l.Text))}";
            shown[key] = shown.TryGetValue(key, out var seen)
                ? (seen.Count + 1, seen.Lines)
                : (1, [.. following.Select(l => $"[{resource}] {l.Text}")]);
        }
        return shown.Count == 0
            ? "(no resource printed a failure)"
            : string.Join(
                Environment.NewLine,
                shown.Values.SelectMany(f => f.Lines.Prepend($"--- {f.Count} time(s):"))
            );
    }

    // FailuresSince once the stream has caught up with now (StreamLag): for a test about to fail,
    // so the failure that explains it has arrived.
    public async Task<string> FailuresSinceAsync(DateTimeOffset since, int linesEach = 25, bool warnings = false)
    {
        await Task.Delay(StreamLag);
        return FailuresSince(since, linesEach, warnings);
    }

    // The last lines of the named resources since `since`, every level, once the stream has
    // caught up: what a server said while it was being started again, where its failures alone
    // may not say why it never came back.
    public async Task<string> TailAsync(DateTimeOffset since, int lines, params string[] resources)
    {
        await Task.Delay(StreamLag);
        var tail = _lines.Where(l => l.At >= since && resources.Contains(l.Resource)).TakeLast(lines).ToList();
        return tail.Count == 0
            ? $"({string.Join(", ", resources)} printed nothing)"
            : string.Join(Environment.NewLine, tail.Select(l => $"{l.At:HH:mm:ss.fff} [{l.Resource}] {l.Text}"));
    }

    // For a developer who wants the whole output: HABATAN_TEST_LOGS names a folder to write it to.
    public void WriteIfAsked(string fixtureName)
    {
        if (Environment.GetEnvironmentVariable("HABATAN_TEST_LOGS") is not { Length: > 0 } folder)
            return;
        Directory.CreateDirectory(folder);
        File.WriteAllLines(
            Path.Combine(folder, $"{fixtureName}-{DateTime.UtcNow:HHmmss}.log"),
            _lines.Select(l => $"{l.At:HH:mm:ss.fff} [{l.Resource}] {l.Text}")
        );
    }

    private static bool IsFailure(string text) =>
        text.StartsWith("fail:", StringComparison.Ordinal)
        || text.StartsWith("crit:", StringComparison.Ordinal)
        || text.Contains(" FATAL: ", StringComparison.Ordinal)
        || text.Contains(" ERROR: ", StringComparison.Ordinal)
        || text.Contains("[error]", StringComparison.Ordinal);

    private static bool IsWarning(string text) =>
        text.StartsWith("warn:", StringComparison.Ordinal)
        || text.Contains(" WARNING: ", StringComparison.Ordinal)
        || text.Contains("[warning]", StringComparison.Ordinal);

    public void Dispose() { }

    // "12: 2026-12-01T19:49:13.5610000Z \e[40m\e[32minfo\e[39m...: Npgsql.Command" -> "info: Npgsql.Command".
    private static string Plain(string line) => Colours().Replace(Prefix().Replace(line, ""), "");

    [GeneratedRegex(@"^\d+: \S+Z ")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Colours();

    // withLevel: the line gets the console's level word ("warn: "), as a service's output has it.
    private sealed class LineLogger(ResourceLogs logs, string resource, bool withLevel = false) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            var text = Plain(formatter(state, exception));
            if (withLevel)
                text = $"{LevelWord(logLevel)}: {text}";
            logs._lines.Enqueue(new(DateTimeOffset.UtcNow, resource, text));
            while (logs._lines.Count > Kept)
                logs._lines.TryDequeue(out _);
        }
    }

    private static string LevelWord(LogLevel level) =>
        level switch
        {
            LogLevel.Critical => "crit",
            LogLevel.Error => "fail",
            LogLevel.Warning => "warn",
            LogLevel.Information => "info",
            _ => "dbug",
        };
}

internal sealed record ResourceLogLine(DateTimeOffset At, string Resource, string Text);
