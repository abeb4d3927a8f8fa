using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families.Detr;

/// <summary>Per query: the best class by sigmoid(logit), its box scaled from normalised cxcywh to tensor pixels.</summary>
public sealed class DetrDecoder(string logits, string boxes, int classCount) : IDetectionDecoder
{
    public IReadOnlyList<string> OutputNames { get; } = [logits, boxes];

    public bool NeedsNms => false;

    public int? ClassCount { get; } = classCount;

    public void DecodeDetections(IReadOnlyList<OrtValue> outputs, in DecodeContext context, List<Detection> candidates)
    {
        var allLogits = outputs[0].GetTensorDataAsSpan<float>();
        var allBoxes = outputs[1].GetTensorDataAsSpan<float>();
        var queries = allBoxes.Length / 4 / Math.Max(1, (int)outputs[1].GetTensorTypeAndShape().Shape[0]);
        var logitsPerImage = queries * classCount;
        var l = allLogits.Slice(context.BatchIndex * logitsPerImage, logitsPerImage);
        var b = allBoxes.Slice(context.BatchIndex * queries * 4, queries * 4);
        // sigmoid is monotonic: compare logits, convert only the winner.
        var logitThreshold = context.ScoreThreshold is > 0f and < 1f
            ? MathF.Log(context.ScoreThreshold / (1f - context.ScoreThreshold))
            : float.NegativeInfinity;
        for (var q = 0; q < queries; q++)
        {
            var row = l.Slice(q * classCount, classCount);
            var best = 0;
            for (var c = 1; c < classCount; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            if (row[best] < logitThreshold)
            {
                continue;
            }

            var score = 1f / (1f + MathF.Exp(-row[best]));
            float cx = b[q * 4] * context.TensorWidth, cy = b[q * 4 + 1] * context.TensorHeight;
            float hw = b[q * 4 + 2] * context.TensorWidth / 2f, hh = b[q * 4 + 3] * context.TensorHeight / 2f;
            candidates.Add(new Detection(best, score, cx - hw, cy - hh, cx + hw, cy + hh));
        }
    }
}
