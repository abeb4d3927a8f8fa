using InferenceService.Imaging;

namespace InferenceService.Inference.Pipeline;

/// <summary>One image of a batch: its result, or why that image could not be served (the rest still are).</summary>
public readonly record struct BatchItemResult(PredictionResult? Result, ImageDecodeException? Error)
{
    public static BatchItemResult Of(PredictionResult result) => new(result, null);

    public static BatchItemResult Failed(ImageDecodeException error) => new(null, error);
}

/// <summary>
/// A batch's answers, one per image in order, and the number of images each model <c>Run</c> carried (one run
/// of n for a dynamic-batch model, n runs of 1 otherwise), for the batch-size metric.
/// </summary>
public sealed record BatchPrediction(IReadOnlyList<BatchItemResult> Items, IReadOnlyList<int> RunSizes);
