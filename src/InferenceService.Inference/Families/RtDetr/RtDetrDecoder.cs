using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families.RtDetr;

/// <summary>Rows whose score reaches the threshold, as they are: the graph already scaled them to the image.</summary>
public sealed class RtDetrDecoder(string labels, string boxes, string scores, bool int64Labels) : IDetectionDecoder
{
    public IReadOnlyList<string> OutputNames { get; } = [labels, boxes, scores];

    public bool NeedsNms => false;

    public bool BoxesInImagePixels => true;

    /// <summary>Labels are indices, not a score per class: the labels file decides the count.</summary>
    public int? ClassCount => null;

    public void DecodeDetections(IReadOnlyList<OrtValue> outputs, in DecodeContext context, List<Detection> candidates)
    {
        var allScores = outputs[2].GetTensorDataAsSpan<float>();
        var queries = OutputRows.PerImage(outputs[2], allScores.Length);
        var first = context.BatchIndex * queries;
        var s = allScores.Slice(first, queries);
        var b = outputs[1].GetTensorDataAsSpan<float>().Slice(first * 4, queries * 4);
        var longLabels = int64Labels ? outputs[0].GetTensorDataAsSpan<long>().Slice(first, queries) : default;
        var intLabels = int64Labels ? default : outputs[0].GetTensorDataAsSpan<int>().Slice(first, queries);
        for (var q = 0; q < queries; q++)
        {
            if (s[q] > 0f && s[q] >= context.ScoreThreshold)
            {
                var label = int64Labels ? (int)longLabels[q] : intLabels[q];
                candidates.Add(new Detection(label, s[q], b[q * 4], b[q * 4 + 1], b[q * 4 + 2], b[q * 4 + 3]));
            }
        }
    }
}
