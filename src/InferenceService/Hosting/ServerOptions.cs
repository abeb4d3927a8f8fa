namespace InferenceService.Hosting;

/// <summary>
/// HTTP-side settings: where to listen and how much a request may carry. Server:Workers, in the same section,
/// belongs to <see cref="Reliability.ReliabilityOptions"/> alone: the inference gate is the one place that decides it.
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>8080 as SageMaker requires; SAGEMAKER_BIND_TO_PORT moves it.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>SageMaker's real-time payload limit.</summary>
    public long MaxBodyBytes { get; set; } = 6 * 1024 * 1024;

    /// <summary>"json" for one compact JSON object per line, anything else for readable console lines.</summary>
    public string LogFormat { get; set; } = "text";

    public string LogLevel { get; set; } = "Information";

    /// <summary>The most images one batch request (instances or JSON Lines) may carry.</summary>
    public int MaxBatchInstances { get; set; } = 64;

    /// <summary>Seconds between calls that hand freed native memory back to the OS (malloc_trim); 0 turns them off.</summary>
    public int NativeMemoryTrimSeconds { get; set; } = 30;
}
