using InferenceService.Observability;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace InferenceService.Hosting;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog: readable lines locally, compact JSON with LOG_FORMAT=json (for CloudWatch and friends). Sinks
    /// registered as <see cref="Serilog.Core.ILogEventSink"/> services are added too (tests capture events so).
    /// </summary>
    public static WebApplicationBuilder AddServiceLogging(this WebApplicationBuilder builder)
    {
        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var level = Enum.TryParse<LogEventLevel>(server.LogLevel, ignoreCase: true, out var parsed) ? parsed : LogEventLevel.Information;
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.MinimumLevel.Is(level)
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .Enrich.FromLogContext()
                .ReadFrom.Services(services);
            if (string.Equals(server.LogFormat, "json", StringComparison.OrdinalIgnoreCase))
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {RequestId} {Message:lj}{NewLine}{Exception}");
            }
        });
        return builder;
    }

    /// <summary>
    /// One line per request with method, path, status and latency. Headers and bodies are never logged (they may
    /// carry secrets).
    /// </summary>
    public static WebApplication UseServiceLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.MessageTemplate = "{RequestMethod} {RequestPath} {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = (context, _, exception) => RequestLevel(context.Request.Path, context.Response.StatusCode, exception);
        });
        return app;
    }

    /// <summary>
    /// SageMaker and Prometheus poll /ping and /metrics every few seconds: a healthy answer is noise (Debug), and
    /// /ping's 503 while the model loads or after it failed restates what the loader logs once (Information), so a
    /// failed model does not become an error line per poll.
    /// </summary>
    internal static LogEventLevel RequestLevel(PathString path, int status, Exception? exception)
    {
        if (exception is not null)
        {
            return LogEventLevel.Error;
        }

        if (PolledPaths.Contains(path))
        {
            return status < 400 ? LogEventLevel.Debug : LogEventLevel.Information;
        }

        return status < 500 ? LogEventLevel.Information : LogEventLevel.Error;
    }
}
