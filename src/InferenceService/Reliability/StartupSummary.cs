using InferenceService.Hosting;
using InferenceService.Imaging.Jpeg;
using InferenceService.Inference;
using InferenceService.Model.Repository;
using InferenceService.Observability;
using Microsoft.Extensions.Options;

namespace InferenceService.Reliability;

/// <summary>Logs, once at start, every limit the server enforces and the JPEG decoder, so an operator can see what it runs with.</summary>
public sealed class StartupSummary(
    IOptions<ReliabilityOptions> reliability,
    IOptions<ServerOptions> server,
    IOptions<InferenceOptions> inference,
    IOptions<ObservabilityOptions> observability,
    IServiceProvider services,
    ILogger<StartupSummary> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var r = reliability.Value;
        var i = inference.Value;
        logger.LogInformation(
            "Serving {Models} on {BindAddress} port {Port}: INFERENCE_DEVICE {Device}, {IntraOpThreads} intra-op threads, {Workers} workers, queue {QueueLength}, " +
            "deadline {TimeoutSeconds} s, shutdown grace {ShutdownTimeoutSeconds} s, body <= {MaxBodyBytes} bytes, image <= {MaxImagePixels} pixels, " +
            "header timeout {HeadersTimeoutSeconds} s, keep-alive {KeepAliveSeconds} s, body rate >= {MinBodyRate} B/s, connections <= {MaxConnections}, metrics {MetricsEnabled}",
            services.DescribeServedModels(), server.Value.BindAddress, server.Value.Port, i.Device, i.EffectiveIntraOpThreads, r.EffectiveWorkers, r.QueueLength,
            r.TimeoutSeconds, r.ShutdownTimeoutSeconds, server.Value.BodyLimit, i.MaxImagePixels,
            r.RequestHeadersTimeoutSeconds, r.KeepAliveSeconds, r.MinRequestBodyBytesPerSecond, r.MaxConcurrentConnections, observability.Value.MetricsEnabled ? "on" : "off");
        // The faster JPEG decoder is an optional system library: say once whether this process has it.
        logger.LogInformation("JPEG decoding: {JpegDecoder}", TurboJpeg.Describe());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
