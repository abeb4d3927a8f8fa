namespace InferenceService.Hosting;

/// <summary>
/// The flat environment variables users and SageMaker set (MODEL_DIR, SAGEMAKER_BIND_TO_PORT, …), mapped onto
/// the configuration keys the options bind from. Later entries of one key win, so SageMaker's names override ours.
/// They count as environment: added after ASP.NET Core's own <c>Section__Key</c> variables (so an alias wins over
/// its key's variable) and before the command line, which wins over both (docs/configuration.md).
/// </summary>
public static class EnvironmentAliases
{
    public static readonly IReadOnlyList<(string Variable, string Key)> Table =
    [
        ("MODEL_DIR", "Inference:ModelDir"),
        ("INFERENCE_DEVICE", "Inference:Device"),
        ("CUDA_DEVICE_ID", "Inference:CudaDeviceId"),
        ("INTRA_OP_THREADS", "Inference:IntraOpThreads"),
        ("INTRA_OP_SPINNING", "Inference:IntraOpSpinning"),
        ("LONE_REQUEST_ALL_CORES", "Inference:LoneRequestAllCores"),
        ("CONFIDENCE_THRESHOLD", "Inference:ConfidenceThreshold"),
        ("IOU_THRESHOLD", "Inference:IouThreshold"),
        ("MAX_DETECTIONS", "Inference:MaxDetections"),
        ("TOP_K", "Inference:TopK"),
        ("MAX_IMAGE_PIXELS", "Inference:MaxImagePixels"),
        ("MAX_BATCH_SIZE", "Inference:MaxBatchSize"),
        ("MODEL_LOAD_TIMEOUT_SECONDS", "Inference:LoadTimeoutSeconds"),
        ("MULTI_MODEL", "MultiModel:Enabled"),
        ("SAGEMAKER_MULTI_MODEL", "MultiModel:Enabled"),
        ("MULTI_MODEL_ROOT", "MultiModel:Root"),
        ("MODEL_MEMORY_BUDGET_MB", "MultiModel:MemoryBudgetMB"),
        ("MODEL_REPOSITORY", "Repository:Root"),
        ("MODEL_REPOSITORY_POLL_SECONDS", "Repository:PollSeconds"),
        ("DEFAULT_MODEL", "Repository:DefaultModel"),
        ("MODEL_MANAGEMENT", "Repository:Management"),
        ("MANAGEMENT_TOKEN", "Repository:ManagementToken"),
        ("PORT", "Server:Port"),
        ("SAGEMAKER_BIND_TO_PORT", "Server:Port"),
        ("BIND_ADDRESS", "Server:BindAddress"),
        ("MAX_BODY_BYTES", "Server:MaxBodyBytes"),
        ("SAGEMAKER_MAX_PAYLOAD_IN_MB", "Server:MaxPayloadInMB"),
        ("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", "Server:DefaultAccept"),
        ("LOG_FORMAT", "Server:LogFormat"),
        ("LOG_LEVEL", "Server:LogLevel"),
        ("NATIVE_MEMORY_TRIM_SECONDS", "Server:NativeMemoryTrimSeconds"),
        ("MODEL_SERVER_WORKERS", "Server:Workers"),
        ("SAGEMAKER_MODEL_SERVER_WORKERS", "Server:Workers"),
        ("MODEL_SERVER_TIMEOUT", "Server:TimeoutSeconds"),
        ("SAGEMAKER_MODEL_SERVER_TIMEOUT", "Server:TimeoutSeconds"),
        ("MODEL_SERVER_QUEUE_LENGTH", "Server:QueueLength"),
        ("SHUTDOWN_TIMEOUT", "Server:ShutdownTimeoutSeconds"),
        ("KEEP_ALIVE_SECONDS", "Server:KeepAliveSeconds"),
        ("METRICS_ENABLED", "Server:MetricsEnabled"),
        ("MAX_BATCH_INSTANCES", "Server:MaxBatchInstances"),
        ("BATCH_DELAY_MS", "Server:BatchDelayMs"),
        ("CONSOLE_ENABLED", "Console:Enabled"),
        ("ANNOTATION_FONT", "Annotation:FontPath"),
        ("JPEG_QUALITY", "Annotation:JpegQuality"),
        ("ANNOTATION_MAX_PIXELS", "Annotation:MaxPixels"),
        ("IMAGE_URLS", "ImageUrls:Mode"),
        ("IMAGE_URL_ALLOWLIST", "ImageUrls:AllowedHosts"),
        ("IMAGE_URL_ALLOW_HTTP", "ImageUrls:AllowHttp"),
        ("IMAGE_URL_CONCURRENCY", "ImageUrls:Concurrency"),
        ("IMAGE_URL_BUDGET_BYTES", "ImageUrls:BudgetBytes"),
    ];

    public static IConfigurationBuilder AddEnvironmentAliases(this IConfigurationBuilder configuration)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (variable, key) in Table)
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                values[key] = value.Trim();
            }
        }

        return configuration.AddInMemoryCollection(values);
    }
}
