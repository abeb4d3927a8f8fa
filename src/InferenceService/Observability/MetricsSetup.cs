using InferenceService.Hosting;
using InferenceService.Model;
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

    /// <summary>Request count and latency by status code, method and endpoint, with bounded label values.</summary>
    public static WebApplication UseServiceMetrics(this WebApplication app)
    {
        app.UseMiddleware<HttpMetrics>();
        return app;
    }

    /// <summary>/metrics in Prometheus text format, unless Server:MetricsEnabled is false. Gauges are read at scrape time (the queue gauges by the gate that owns the counts).</summary>
    public static IEndpointRouteBuilder MapServiceMetrics(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.MetricsEnabled)
        {
            return app;
        }

        var metrics = app.Services.GetRequiredService<ServiceMetrics>();
        var model = app.Services.GetRequiredService<ModelState>();
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            if (model.LoadTime is { } loadTime)
            {
                metrics.ModelLoadSeconds.Set(loadTime.TotalSeconds);
            }
        });
        app.MapMetrics("/metrics", metrics.Registry).WithTags("Operations").ExcludeFromDescription();
        return app;
    }
}
