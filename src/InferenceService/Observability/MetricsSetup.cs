using InferenceService.Hosting;
using InferenceService.Model;
using InferenceService.Reliability;
using Microsoft.Extensions.Options;
using Prometheus;

namespace InferenceService.Observability;

public static class MetricsSetup
{
    public static IServiceCollection AddServiceMetrics(this IServiceCollection services)
    {
        services.AddSingleton<ServiceMetrics>();
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ServerOptions.Section);
        return services;
    }

    /// <summary>Request count and latency by status code, endpoint and method (prometheus-net's HTTP metrics).</summary>
    public static WebApplication UseServiceMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<ServiceMetrics>();
        app.UseHttpMetrics(o => o.SetMetricFactory(metrics.Factory));
        return app;
    }

    /// <summary>/metrics in Prometheus text format, unless Server:MetricsEnabled is false. Gauges are read at scrape time.</summary>
    public static IEndpointRouteBuilder MapServiceMetrics(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.MetricsEnabled)
        {
            return app;
        }

        var metrics = app.Services.GetRequiredService<ServiceMetrics>();
        var gate = app.Services.GetRequiredService<InferenceGate>();
        var model = app.Services.GetRequiredService<ModelState>();
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            metrics.QueueDepth.Set(gate.Queued);
            metrics.InFlight.Set(gate.InFlight);
            if (model.LoadTime is { } loadTime)
            {
                metrics.ModelLoadSeconds.Set(loadTime.TotalSeconds);
            }
        });
        app.MapMetrics("/metrics", metrics.Registry).WithTags("Operations").ExcludeFromDescription();
        return app;
    }
}
