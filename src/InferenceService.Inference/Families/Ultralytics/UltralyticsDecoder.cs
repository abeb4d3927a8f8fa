using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families.Ultralytics;

public enum UltralyticsLayout
{
    /// <summary>YOLOv8/11: <c>[1, 4 + C, N]</c>, attribute-major, class scores already sigmoid-ed, no objectness.</summary>
    V8,

    /// <summary>YOLOv5: <c>[1, N, 5 + C]</c>, row-major, score = objectness × class probability.</summary>
    V5,
}

/// <summary>Reads centre/size boxes in canvas pixels and the best class of each candidate; NMS follows.</summary>
public sealed class UltralyticsDecoder(string outputName, UltralyticsLayout layout, int candidates, int classCount) : IDetectionDecoder
{
    public IReadOnlyList<string> OutputNames { get; } = [outputName];

    public bool NeedsNms => true;

    public int? ClassCount { get; } = classCount;

    public UltralyticsLayout Layout => layout;

    public void DecodeDetections(IReadOnlyList<OrtValue> outputs, in DecodeContext context, List<Detection> found)
    {
        var attributes = layout == UltralyticsLayout.V8 ? 4 + classCount : 5 + classCount;
        var perImage = attributes * candidates;
        var data = outputs[0].GetTensorDataAsSpan<float>().Slice(context.BatchIndex * perImage, perImage);
        if (layout == UltralyticsLayout.V8)
        {
            DecodeV8(data, context.ScoreThreshold, found);
        }
        else
        {
            DecodeV5(data, context.ScoreThreshold, found);
        }
    }

    private void DecodeV8(ReadOnlySpan<float> data, float threshold, List<Detection> found)
    {
        var n = candidates;
        for (var i = 0; i < n; i++)
        {
            var best = -1;
            var bestScore = threshold;
            for (var c = 0; c < classCount; c++)
            {
                var s = data[(4 + c) * n + i];
                if (s >= bestScore)
                {
                    bestScore = s;
                    best = c;
                }
            }

            if (best >= 0)
            {
                found.Add(Box(best, bestScore, data[i], data[n + i], data[2 * n + i], data[3 * n + i]));
            }
        }
    }

    private void DecodeV5(ReadOnlySpan<float> data, float threshold, List<Detection> found)
    {
        var rowLength = 5 + classCount;
        for (var i = 0; i < candidates; i++)
        {
            var row = data.Slice(i * rowLength, rowLength);
            var objectness = row[4];
            if (objectness < threshold)
            {
                continue;
            }

            var best = 0;
            for (var c = 1; c < classCount; c++)
            {
                if (row[5 + c] > row[5 + best])
                {
                    best = c;
                }
            }

            var score = objectness * row[5 + best];
            if (score >= threshold)
            {
                found.Add(Box(best, score, row[0], row[1], row[2], row[3]));
            }
        }
    }

    private static Detection Box(int classId, float score, float cx, float cy, float w, float h) =>
        new(classId, score, cx - w / 2f, cy - h / 2f, cx + w / 2f, cy + h / 2f);
}
