using Microsoft.Extensions.Options;
using InferenceService.Inference;
using InferenceService.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace InferenceService.Reliability;

public static class ReliabilitySetup
{
    /// <summary>
    /// Connection limits against slow and idle clients (header timeout, keep-alive timeout, minimum body rate,
    /// connection cap), the SIGTERM grace period, and the worker gate with its queue.
    /// </summary>
    public static WebApplicationBuilder AddReliability(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ServerOptions.Section);
        var o = section.Get<ReliabilityOptions>() ?? new ReliabilityOptions();
        builder.Services.AddOptions<ReliabilityOptions>()
            .Bind(section)
            .Validate(r => r.BatchDelayMs >= 0, "Server:BatchDelayMs (BATCH_DELAY_MS) must be 0 (off) or more.")
            .ValidateOnStart();
        builder.Services.AddOptions<InferenceOptions>()
            .PostConfigure<IOptions<ReliabilityOptions>>((inference, reliability) => inference.ConcurrentRuns = reliability.Value.EffectiveWorkers);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(o.RequestHeadersTimeoutSeconds);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(o.KeepAliveSeconds);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(o.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(o.MinRequestBodyGraceSeconds));
            kestrel.Limits.MaxConcurrentConnections = o.MaxConcurrentConnections;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(o.ShutdownTimeoutSeconds));
        builder.Services.AddSingleton<IPredictionStage, PipelinePredictionStage>();
        builder.Services.AddSingleton<InferenceGate>();
        builder.Services.AddHostedService<StartupSummary>();
        return builder;
    }

    public static WebApplication UseRequestGuard(this WebApplication app)
    {
        app.UseMiddleware<ClientFaults>();
        app.UseMiddleware<RequestGuard>();
        return app;
    }
}
