namespace InferenceService.Inference;

/// <summary>Model and prediction settings, bound from configuration and the environment (see docs/configuration.md).</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary>Folder holding the .onnx file and its labels; SageMaker extracts model.tar.gz here.</summary>
    public string ModelDir { get; set; } = "/opt/ml/model";

    /// <summary>
    /// The name responses, metrics and traces report; null for the folder's. A multi-model endpoint sets the name
    /// POST /models gave, since SageMaker unpacks every model into a folder named alike.
    /// </summary>
    public string? ModelName { get; set; }

    /// <summary>
    /// How long loading and warming up the model may take before /ping reports it failed; 0 = no limit. A file
    /// that never finishes reading (a FIFO, a hung network mount) would otherwise leave /ping loading forever.
    /// </summary>
    public int LoadTimeoutSeconds { get; set; } = 300;

    /// <summary>ONNX Runtime intra-op threads; 0 = the cores this process may use, split between the workers.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's pool threads spin between parallel sections. Spinning shaves latency off one
    /// request on an idle machine but burns the CPU that concurrent requests' decoding needs (see docs/performance.md).
    /// </summary>
    public bool IntraOpSpinning { get; set; } = true;

    /// <summary>
    /// LONE_REQUEST_ALL_CORES: a prediction that runs while no other is in flight gets every core (a second session
    /// on the CPU); under load the cores stay split between the workers.
    /// </summary>
    public bool LoneRequestAllCores { get; set; } = true;

    /// <summary>cpu, cuda or auto (INFERENCE_DEVICE): the execution provider the session runs on.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>The GPU the CUDA provider uses (CUDA_DEVICE_ID).</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>Unset: the built-in default, which <c>PredictionOptions</c> holds for all four thresholds.</summary>
    public float? ConfidenceThreshold { get; set; }

    public float? IouThreshold { get; set; }

    public int? MaxDetections { get; set; }

    public int? TopK { get; set; }

    /// <summary>Images declaring more pixels than this are refused from their header.</summary>
    public long MaxImagePixels { get; set; } = 40_000_000;

    /// <summary>
    /// Most images one <c>Run</c> carries on a model with a dynamic batch dimension; a larger batch request runs in
    /// chunks of this size, which bounds the input tensor and the activations one Run holds. Below 1 counts as 1.
    /// </summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    public const int DefaultMaxBatchSize = 8;

    /// <summary>How many predictions the host runs at once (its workers); set by the host, not by users.</summary>
    public int ConcurrentRuns { get; set; } = 1;

    /// <summary>
    /// Whether the model's CPU sessions (not CUDA ones) take their memory from one arena for the whole process rather
    /// than one each; set by the host, not by users: on when it serves one model for its lifetime. The shared and
    /// the lone session then hold one set of activations between them, not two (docs/performance.md). Not with
    /// models that come and go: an arena keeps what it once held, so an unloaded model's weights would stay.
    /// </summary>
    public bool ShareCpuArena { get; set; }

    /// <summary>
    /// The configured threads, or the cores split between the concurrent runs: on 2 cores two single-threaded runs
    /// served 140 req/s against 80 for two runs of two threads each, which oversubscribe the cores (docs/performance.md).
    /// </summary>
    public int EffectiveIntraOpThreads => IntraOpThreadsFor(Environment.ProcessorCount);

    public int IntraOpThreadsFor(int cores) =>
        IntraOpThreads > 0 ? IntraOpThreads : Math.Max(1, cores / Math.Max(1, ConcurrentRuns));

    /// <summary>
    /// The intra-op threads of a lone prediction's session, all <paramref name="cores"/>; null when there is none:
    /// switched off, INTRA_OP_THREADS set (the user's figure is kept), or no wider than the split.
    /// </summary>
    public int? LoneRunThreadsFor(int cores) =>
        LoneRequestAllCores && IntraOpThreads <= 0 && cores > IntraOpThreadsFor(cores) ? cores : null;
}
