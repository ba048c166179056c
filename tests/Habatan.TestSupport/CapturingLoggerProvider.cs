using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Habatan.TestSupport;

// Keeps every log entry as the exporters would see it: formatted message, structured values,
// scopes and the exception with its inner ones.
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<CapturedLog> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            var text = new StringBuilder(formatter(state, exception));
            AppendValues(text, state);
            provider._scopes.ForEachScope((scope, builder) => AppendValues(builder, scope), text);
            if (exception is not null)
                text.AppendLine().Append(exception);
            provider._entries.Enqueue(new CapturedLog(category, logLevel, text.ToString()));
        }

        private static void AppendValues(StringBuilder text, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values)
                    text.Append(" | ").Append(key).Append('=').Append(value);
            else if (state is not null)
                text.Append(" | ").Append(state);
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, string Text);
