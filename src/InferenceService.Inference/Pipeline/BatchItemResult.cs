using InferenceService.Imaging;

namespace InferenceService.Inference.Pipeline;

/// <summary>One image of a batch: its result, or why that image could not be served (the rest still are).</summary>
public readonly record struct BatchItemResult(PredictionResult? Result, ImageDecodeException? Error)
{
    public static BatchItemResult Of(PredictionResult result) => new(result, null);

    public static BatchItemResult Failed(ImageDecodeException error) => new(null, error);
}
