namespace InferenceService.Inference.Pipeline;

/// <summary>The thresholds one prediction runs with: the configured defaults, possibly overridden per request.</summary>
public sealed record PredictionOptions
{
    public float Confidence { get; init; } = 0.3f;

    public float Iou { get; init; } = 0.45f;

    public int MaxDetections { get; init; } = 100;

    public int TopK { get; init; } = 5;

    /// <summary>When set, only these class names are returned.</summary>
    public IReadOnlySet<string>? Classes { get; init; }

    /// <summary>
    /// Classifiers: also return every class's probability (SageMaker's built-in classifier form). Off by
    /// default, so the usual top-k answer allocates no vector of the class count.
    /// </summary>
    public bool IncludeProbabilities { get; init; }

    public static PredictionOptions From(InferenceOptions o) => new()
    {
        Confidence = o.ConfidenceThreshold,
        Iou = o.IouThreshold,
        MaxDetections = o.MaxDetections,
        TopK = o.TopK,
    };
}
