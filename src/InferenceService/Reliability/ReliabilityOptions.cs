namespace InferenceService.Reliability;

/// <summary>
/// How much work the server takes on and how long it gives it, bound from the <c>Server</c> section (the same
/// section as <see cref="Hosting.ServerOptions"/>; SAGEMAKER_MODEL_SERVER_WORKERS and friends map onto it).
/// </summary>
public sealed class ReliabilityOptions
{
    /// <summary>Predictions that run at once; 0 = the cores this process may use.</summary>
    public int Workers { get; set; }

    /// <summary>Requests that may wait for a worker; beyond that the answer is 503 with Retry-After.</summary>
    public int QueueLength { get; set; } = 64;

    /// <summary>Deadline of one /invocations request, queueing included (SageMaker's default is 60 s).</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>How long SIGTERM waits for in-flight requests (SageMaker gives a container 30 s).</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>What a 503 tells the client to wait before retrying.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Kestrel closes a connection whose request headers take longer than this (slow-loris).</summary>
    public int RequestHeadersTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Kestrel closes a connection idle this long between requests. Behind a load balancer that reuses connections,
    /// keep it above the balancer's idle timeout so the balancer always closes first (else it can send on a closing one).
    /// </summary>
    public int KeepAliveSeconds { get; set; } = 10;

    /// <summary>Kestrel aborts a body that arrives slower than this, after <see cref="MinRequestBodyGraceSeconds"/>.</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 1024;

    /// <summary>Kestrel requires more than 1 s.</summary>
    public int MinRequestBodyGraceSeconds { get; set; } = 5;

    /// <summary>Open connections at most; each may hold one body of up to MaxBodyBytes.</summary>
    public int MaxConcurrentConnections { get; set; } = 512;

    /// <summary>
    /// Dynamic batching (<c>BATCH_DELAY_MS</c>): how long the first of concurrent single-image requests to a
    /// dynamic-batch model waits, in its worker slot, for others to share its Run; 0 = off, every request runs alone.
    /// </summary>
    public int BatchDelayMs { get; set; }

    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;
}
