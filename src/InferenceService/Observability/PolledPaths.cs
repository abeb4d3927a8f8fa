namespace InferenceService.Observability;

/// <summary>
/// The paths SageMaker and Prometheus poll every few seconds (/ping, /metrics): a healthy answer to them says
/// nothing about predictions, so request logs and traces leave them out.
/// </summary>
public static class PolledPaths
{
    public static bool Contains(PathString path) => path.StartsWithSegments("/ping") || path.StartsWithSegments("/metrics");
}
