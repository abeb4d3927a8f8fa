using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InferenceService.Observability;

/// <summary>
/// OpenTelemetry traces and metrics over OTLP, on only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (docs/api.md#traces). The SDK reads the other standard <c>OTEL_*</c> variables itself, from configuration.
/// </summary>
public static class TelemetrySetup
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The service name unless <c>OTEL_SERVICE_NAME</c> (or <c>OTEL_RESOURCE_ATTRIBUTES</c>) names another.</summary>
    public const string DefaultServiceName = "inference-service";

    public static WebApplicationBuilder AddTelemetryExport(this WebApplicationBuilder builder)
    {
        // Not registered at all when off: no listener on any ActivitySource, so no span is even created.
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointKey]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            // The environment detector again after AddService, so OTEL_SERVICE_NAME wins over the default name.
            .ConfigureResource(resource => resource.AddService(DefaultServiceName).AddEnvironmentVariableDetector())
            .WithTracing(tracing => tracing
                .AddSource(PredictionTracing.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !PolledPaths.Contains(context.Request.Path))
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("System.Runtime")
                .AddOtlpExporter());
        return builder;
    }
}
