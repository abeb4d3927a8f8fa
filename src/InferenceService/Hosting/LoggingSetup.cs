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
    /// One line per request with method, path, status and latency; healthy /ping and /metrics at Debug, since
    /// SageMaker and Prometheus poll them every few seconds. Headers and bodies are never logged (they may carry secrets).
    /// </summary>
    public static WebApplication UseServiceLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.MessageTemplate = "{RequestMethod} {RequestPath} {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = (context, _, exception) =>
                exception is null && context.Response.StatusCode < 400 && context.Request.Path.StartsWithSegments("/ping") || context.Request.Path.StartsWithSegments("/metrics")
                    ? LogEventLevel.Debug
                    : exception is null && context.Response.StatusCode < 500 ? LogEventLevel.Information : LogEventLevel.Error;
        });
        return app;
    }
}
