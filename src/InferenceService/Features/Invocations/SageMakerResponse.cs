using InferenceService.Inference.Pipeline;

namespace InferenceService.Features.Invocations;

/// <summary>
/// SageMaker's built-in object detection answer: one <c>[class_id, score, xmin, ymin, xmax, ymax]</c> row per
/// detection, best first, coordinates as fractions (0–1) of the image's width and height.
/// </summary>
public sealed record SageMakerDetectionResponse(float[][] Prediction)
{
    public static SageMakerDetectionResponse From(PredictionResult result)
    {
        float w = result.Width, h = result.Height;
        var rows = result.Detections
            .Select(d => new[]
            {
                d.ClassId, MathF.Round(d.Score, 4),
                MathF.Round(d.X1 / w, 4), MathF.Round(d.Y1 / h, 4), MathF.Round(d.X2 / w, 4), MathF.Round(d.Y2 / h, 4),
            })
            .ToArray();
        return new SageMakerDetectionResponse(rows);
    }
}

/// <summary>
/// SageMaker's built-in image classifier answer: the probability of every class, indexed by class id. The
/// pipeline fills <see cref="PredictionResult.Probabilities"/> only when this form is asked for.
/// </summary>
public sealed record SageMakerClassificationResponse(float[] Prediction)
{
    public static SageMakerClassificationResponse From(PredictionResult result) =>
        new(result.Probabilities ?? throw new InvalidOperationException("The SageMaker classifier form needs the prediction to include every class's probability."));
}
