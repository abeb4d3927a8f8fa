using InferenceService.Inference.Manifest;

namespace InferenceService.Inference.Pipeline;

/// <summary>
/// The thresholds one prediction runs with. The initialisers here are the service's defaults, the one home of
/// those numbers: configuration and then the model's manifest override them, and a request may override those.
/// </summary>
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

    /// <summary>A model's defaults: the manifest's thresholds, else the configured ones, else the built-in ones.</summary>
    public static PredictionOptions From(InferenceOptions configured, ModelManifest? manifest = null)
    {
        var builtIn = new PredictionOptions();
        return new PredictionOptions
        {
            Confidence = manifest?.Confidence ?? configured.ConfidenceThreshold ?? builtIn.Confidence,
            Iou = manifest?.Iou ?? configured.IouThreshold ?? builtIn.Iou,
            MaxDetections = manifest?.MaxDetections ?? configured.MaxDetections ?? builtIn.MaxDetections,
            TopK = manifest?.TopK ?? configured.TopK ?? builtIn.TopK,
        };
    }
}
