using InferenceService.Inference.Families;
using InferenceService.Inference.Postprocessing;

namespace InferenceService.Inference.Pipeline;

/// <summary>Time spent in each stage of one prediction, for logs and metrics.</summary>
public readonly record struct StageTimings(TimeSpan Preprocess, TimeSpan Inference, TimeSpan Postprocess);

/// <summary>One image's answer, in pixels of the upright input image.</summary>
public sealed record PredictionResult(
    ModelTask Task,
    int Width,
    int Height,
    IReadOnlyList<Detection> Detections,
    StageTimings Timings)
{
    /// <summary>Classifiers: the top-k classes, most probable first (empty for detectors).</summary>
    public IReadOnlyList<Classification> Classifications { get; init; } = [];

    /// <summary>
    /// Classifiers asked for <see cref="PredictionOptions.IncludeProbabilities"/>: the probability of every class,
    /// indexed by class id (unfiltered); otherwise null.
    /// </summary>
    public float[]? Probabilities { get; init; }

    /// <summary>The intra-op threads the model's Run had: every core when the prediction ran alone, else its share.</summary>
    public int RunThreads { get; init; } = 1;
}
