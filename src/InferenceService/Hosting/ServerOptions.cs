namespace InferenceService.Hosting;

/// <summary>
/// HTTP-side settings: where to listen and how much a request may carry. Server:Workers, in the same section,
/// belongs to <see cref="Reliability.ReliabilityOptions"/> alone: the inference gate is the one place that decides it.
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>SageMaker's real-time payload limit: the body limit when neither setting below is given.</summary>
    public const long DefaultMaxBodyBytes = 6 * 1024 * 1024;

    /// <summary>8080 as SageMaker requires; SAGEMAKER_BIND_TO_PORT moves it.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>
    /// The address Kestrel listens on. SageMaker connects from outside the container, so the default is every
    /// IPv4 interface; an on-premises host behind a reverse proxy may bind 127.0.0.1 (BIND_ADDRESS).
    /// </summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Largest request body in bytes (MAX_BODY_BYTES); wins over <see cref="MaxPayloadInMB"/>.</summary>
    public long? MaxBodyBytes { get; set; }

    /// <summary>Batch Transform's MaxPayloadInMB (SAGEMAKER_MAX_PAYLOAD_IN_MB), honoured when MaxBodyBytes is unset.</summary>
    public int? MaxPayloadInMB { get; set; }

    /// <summary>The one body limit everything reads: Kestrel, the body reader, URL fetches, /execution-parameters.</summary>
    public long BodyLimit => MaxBodyBytes ?? (MaxPayloadInMB is { } mb ? mb * 1024L * 1024 : DefaultMaxBodyBytes);

    /// <summary>
    /// The answer type when a request's Accept is missing or */* (SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT, as the
    /// SageMaker toolkits name it); unset, this service's JSON.
    /// </summary>
    public string? DefaultAccept { get; set; }

    /// <summary>"json" for one compact JSON object per line, anything else for readable console lines.</summary>
    public string LogFormat { get; set; } = "text";

    public string LogLevel { get; set; } = "Information";

    /// <summary>The most images one batch request (instances or JSON Lines) may carry.</summary>
    public int MaxBatchInstances { get; set; } = 64;

    /// <summary>Seconds between calls that hand freed native memory back to the OS (malloc_trim); 0 turns them off.</summary>
    public int NativeMemoryTrimSeconds { get; set; } = 30;
}
