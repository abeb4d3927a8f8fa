using InferenceService.Inference.Families;
using InferenceService.Inference.Pipeline;

namespace InferenceService.Features.Invocations;

/// <summary>
/// SageMaker's built-in object detection answer: one <c>[class_id, score, xmin, ymin, xmax, ymax]</c> row per
/// detection, best first, coordinates as fractions (0–1) of the image's width and height.
/// </summary>
public sealed record SageMakerDetectionResponse(float[][] Prediction)
{
    /// <summary>The SageMaker form of a result, or null for a task it has no built-in form for here.</summary>
    public static SageMakerDetectionResponse? From(PredictionResult result)
    {
        if (result.Task != ModelTask.Detection)
        {
            return null;
        }

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
