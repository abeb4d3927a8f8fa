using InferenceService.Inference.Pipeline;
using Prometheus;

namespace InferenceService.Observability;

/// <summary>
/// The service's own Prometheus series, in a registry per host (so test hosts do not share counters).
/// HTTP request counts and latencies come from <see cref="HttpMetrics"/> on the same registry.
/// </summary>
public sealed class ServiceMetrics
{
    private static readonly double[] StageBuckets = Histogram.ExponentialBuckets(0.001, 2, 14);

    private readonly Histogram _stages;
    private readonly Histogram _batchSizes;

    public ServiceMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        Factory = Metrics.WithCustomRegistry(Registry);
        var factory = Factory;
        _stages = factory.CreateHistogram(
            "inference_stage_duration_seconds",
            "Time one prediction spent in each stage: decode (with resize and tensor fill), inference, postprocess.",
            new HistogramConfiguration { LabelNames = ["model", "stage"], Buckets = StageBuckets });
        _batchSizes = factory.CreateHistogram(
            "inference_batch_size",
            "Images per model run.",
            new HistogramConfiguration { LabelNames = ["model"], Buckets = [1, 2, 4, 8, 16, 32, 64] });
        QueueDepth = factory.CreateGauge("inference_queue_depth", "Requests waiting for a worker.");
        InFlight = factory.CreateGauge("inference_in_flight", "Predictions running now.");
        ModelLoadSeconds = factory.CreateGauge("inference_model_load_seconds", "Time the model took to load and warm up.");
        DotNetStats.Register(Registry);
    }

    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }

    public Gauge QueueDepth { get; }

    public Gauge InFlight { get; }

    public Gauge ModelLoadSeconds { get; }

    /// <summary>
    /// <paramref name="model"/> is the name responses report: on a multi-model endpoint the models share the workers,
    /// and the label tells which of them the time went to.
    /// </summary>
    public void ObservePrediction(string model, StageTimings timings, int batchSize)
    {
        ObserveStages(model, timings);
        ObserveBatch(model, batchSize);
    }

    /// <summary>One image's stage times; an image of a gathered batch (BATCH_DELAY_MS) has its share of the run's.</summary>
    public void ObserveStages(string model, StageTimings timings)
    {
        _stages.WithLabels(model, "decode").Observe(timings.Preprocess.TotalSeconds);
        _stages.WithLabels(model, "inference").Observe(timings.Inference.TotalSeconds);
        _stages.WithLabels(model, "postprocess").Observe(timings.Postprocess.TotalSeconds);
    }

    /// <summary>For a batching runner: one observation per model run with the number of images it carried.</summary>
    public void ObserveBatch(string model, int batchSize) => _batchSizes.WithLabels(model).Observe(batchSize);
}
