using InferenceService.Observability;
using Microsoft.Net.Http.Headers;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;

namespace InferenceService.Hosting;

public static class LoggingSetup
{
    /// <summary>The readable line; its exception, if any, follows on indented lines (see <see cref="EscapingTextFormatter"/>).</summary>
    internal static ITextFormatter TextFormatter { get; } =
        new EscapingTextFormatter("[{Timestamp:HH:mm:ss.fff} {Level:u3}] {RequestId} {Message:lj}{NewLine}");

    /// <summary>
    /// Serilog: readable lines locally, compact JSON with LOG_FORMAT=json (for CloudWatch and friends). Sinks
    /// registered as <see cref="Serilog.Core.ILogEventSink"/> services are added too (tests capture events so).
    /// The static <c>Log.Logger</c> is left alone: with it, every host in a process (in-process test hosts run in
    /// parallel) would log through whichever host was built last.
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
                logger.WriteTo.Console(TextFormatter);
            }
        }, preserveStaticLogger: true);
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
            // This host's logger, not the static one: the last host built owns that, and in-process test hosts
            // would write each other's request lines.
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = "{RequestMethod} {RequestPath} {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = (context, _, exception) => RequestLevel(context, exception);
            options.EnrichDiagnosticContext = EnrichRequest;
        });
        return app;
    }

    /// <summary>The model SageMaker routed a multi-model request for (it names the model, it carries no secret).</summary>
    internal static void EnrichRequest(Serilog.IDiagnosticContext diagnostics, HttpContext context)
    {
        if (context.Request.Headers[TargetModelHeader] is [{ } target])
        {
            diagnostics.Set("TargetModel", target);
        }
    }

    internal const string TargetModelHeader = "X-Amzn-SageMaker-Target-Model";

    /// <summary>
    /// SageMaker and Prometheus poll /ping and /metrics every few seconds: a healthy answer is noise (Debug), and
    /// /ping's 503 while the model loads or after it failed restates what the loader logs once (Information), so a
    /// failed model does not become an error line per poll. A 503 with Retry-After is load shedding: an overloaded
    /// server refuses thousands a second, and the request guard's one rate-limited Warning stands for them all, so
    /// each refusal's own line is Debug.
    /// </summary>
    internal static LogEventLevel RequestLevel(HttpContext context, Exception? exception)
    {
        if (exception is not null)
        {
            return LogEventLevel.Error;
        }

        var path = context.Request.Path;
        var status = context.Response.StatusCode;
        if (PolledPaths.Contains(path))
        {
            return status < 400 ? LogEventLevel.Debug : LogEventLevel.Information;
        }

        if (status == StatusCodes.Status503ServiceUnavailable && context.Response.Headers.ContainsKey(HeaderNames.RetryAfter))
        {
            return LogEventLevel.Debug;
        }

        return status < 500 ? LogEventLevel.Information : LogEventLevel.Error;
    }
}
