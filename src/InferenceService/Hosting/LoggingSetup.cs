using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace InferenceService.Hosting;

public static class LoggingSetup
{
    /// <summary>Serilog: readable lines locally, compact JSON with LOG_FORMAT=json (for CloudWatch and friends).</summary>
    public static WebApplicationBuilder AddServiceLogging(this WebApplicationBuilder builder)
    {
        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var level = Enum.TryParse<LogEventLevel>(server.LogLevel, ignoreCase: true, out var parsed) ? parsed : LogEventLevel.Information;
        builder.Services.AddSerilog(logger =>
        {
            logger.MinimumLevel.Is(level)
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .Enrich.FromLogContext();
            if (string.Equals(server.LogFormat, "json", StringComparison.OrdinalIgnoreCase))
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}");
            }
        });
        return builder;
    }

    /// <summary>One line per request with method, path, status and latency.</summary>
    public static WebApplication UseServiceLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.MessageTemplate = "{RequestMethod} {RequestPath} {StatusCode} in {Elapsed:0.0} ms";
        });
        return app;
    }
}
