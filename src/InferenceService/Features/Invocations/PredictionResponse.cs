using System.Text.Json.Serialization;
using InferenceService.Inference.Families;
using InferenceService.Inference.Labels;
using InferenceService.Inference.Pipeline;

namespace InferenceService.Features.Invocations;

/// <summary>
/// The answer for one image: parallel arrays, sorted by confidence, boxes as
/// <c>[x_min, y_min, x_max, y_max]</c> in pixels of the upright input image.
/// </summary>
public sealed record PredictionResponse(
    string Model,
    string Task,
    int Width,
    int Height,
    string[] Classes,
    int[] ClassIds,
    float[] Confidences,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float[][]? Boxes)
{
    public static PredictionResponse From(string model, PredictionResult result, LabelSet labels)
    {
        if (result.Task == ModelTask.Classification)
        {
            var top = result.Classifications;
            return new PredictionResponse(model, "classification", result.Width, result.Height,
                top.Select(c => labels.NameOf(c.ClassId)).ToArray(),
                top.Select(c => c.ClassId).ToArray(),
                top.Select(c => MathF.Round(c.Probability, 4)).ToArray(),
                null);
        }

        var detections = result.Detections;
        var classes = new string[detections.Count];
        var ids = new int[detections.Count];
        var confidences = new float[detections.Count];
        var boxes = new float[detections.Count][];
        for (var i = 0; i < detections.Count; i++)
        {
            var d = detections[i];
            classes[i] = labels.NameOf(d.ClassId);
            ids[i] = d.ClassId;
            confidences[i] = MathF.Round(d.Score, 4);
            boxes[i] = [MathF.Round(d.X1, 1), MathF.Round(d.Y1, 1), MathF.Round(d.X2, 1), MathF.Round(d.Y2, 1)];
        }

        return new PredictionResponse(model, "detection", result.Width, result.Height, classes, ids, confidences, boxes);
    }
}

/// <summary>Source-generated serialisation for the hot payloads (no reflection per response).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PredictionResponse))]
[JsonSerializable(typeof(SageMakerDetectionResponse))]
[JsonSerializable(typeof(SageMakerClassificationResponse))]
[JsonSerializable(typeof(ImageRequestDocumentation))]
public sealed partial class InvocationsJsonContext : JsonSerializerContext;

/// <summary>The JSON request's shape, for the API documentation (the endpoint reads the body itself).</summary>
/// <param name="Image">Base64 of a JPEG, PNG, WebP, BMP or GIF; a <c>data:image/…;base64,</c> prefix is accepted.</param>
public sealed record ImageRequestDocumentation(string Image);
