namespace InferenceService.Observability;

/// <summary>What the service exposes about itself, bound from the <c>Server</c> section (METRICS_ENABLED maps onto it).</summary>
public sealed class ObservabilityOptions
{
    /// <summary>Serve Prometheus metrics at /metrics.</summary>
    public bool MetricsEnabled { get; set; } = true;
}
