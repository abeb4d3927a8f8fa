using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families.TfObjectDetection;

/// <summary>
/// Reads the first <c>num_detections</c> rows: boxes are <c>[ymin, xmin, ymax, xmax]</c> normalised to the fed
/// image, classes are label-map ids stored as floats. NMS already happened in the graph.
/// </summary>
public sealed class TfObjectDetectionDecoder : IDetectionDecoder
{
    private readonly bool _hasCount;

    public TfObjectDetectionDecoder(string boxes, string classes, string scores, string? count)
    {
        _hasCount = count is not null;
        OutputNames = count is null ? [boxes, classes, scores] : [boxes, classes, scores, count];
    }

    public IReadOnlyList<string> OutputNames { get; }

    public bool NeedsNms => false;

    public int? ClassCount => null;

    public void DecodeDetections(IReadOnlyList<OrtValue> outputs, in DecodeContext context, List<Detection> candidates)
    {
        var boxes = outputs[0].GetTensorDataAsSpan<float>();
        var classes = outputs[1].GetTensorDataAsSpan<float>();
        var scores = outputs[2].GetTensorDataAsSpan<float>();
        var perImage = scores.Length / Math.Max(1, (int)outputs[2].GetTensorTypeAndShape().Shape[0]);
        var offset = context.BatchIndex * perImage;
        var rows = perImage;
        if (_hasCount)
        {
            rows = Math.Clamp((int)outputs[3].GetTensorDataAsSpan<float>()[context.BatchIndex], 0, perImage);
        }

        for (var i = 0; i < rows; i++)
        {
            var score = scores[offset + i];
            if (score < context.ScoreThreshold || score <= 0f)
            {
                continue;
            }

            var b = boxes.Slice((offset + i) * 4, 4);
            candidates.Add(new Detection(
                (int)MathF.Round(classes[offset + i]),
                score,
                b[1] * context.TensorWidth,
                b[0] * context.TensorHeight,
                b[3] * context.TensorWidth,
                b[2] * context.TensorHeight));
        }
    }
}
