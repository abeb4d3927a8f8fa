using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace InferenceService.FunctionalTests.Support;

/// <summary>
/// A Serilog sink registered as a service in a test host: LoggingSetup reads sinks from the container, so every
/// event the service logs (request lines, errors with their exceptions) lands here too.
/// </summary>
public sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public void Clear() => _events.Clear();

    /// <summary>Error and Fatal events, rendered with their exception, for an assertion message.</summary>
    public IReadOnlyList<string> Errors() =>
        _events.Where(e => e.Level >= LogEventLevel.Error)
            .Select(e => $"{e.Level}: {e.RenderMessage()} {e.Exception}")
            .ToArray();
}
