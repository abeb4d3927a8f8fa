using System.Diagnostics;
using System.Globalization;

namespace InferenceService.Observability;

/// <summary>
/// <c>Server-Timing: app;dur=12.3</c> on every answer: the time from the request reaching the app to its answer
/// starting, which browsers (the console) and clients can read without parsing logs.
/// </summary>
public static class ServerTiming
{
    public const string Header = "Server-Timing";

    public static WebApplication UseServerTiming(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            context.Response.OnStarting(() =>
            {
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                context.Response.Headers[Header] = string.Create(CultureInfo.InvariantCulture, $"app;dur={elapsed:0.0}");
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
