using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families.Ultralytics;

/// <summary>
/// Rows <c>x1, y1, x2, y2, score, class</c> in canvas pixels, already final: only the threshold applies. Padding
/// rows (all zero, class 0 included) are dropped by their score, so a threshold of 0 never lets one through.
/// </summary>
public sealed class EndToEndDecoder(string outputName) : IDetectionDecoder
{
    public const int RowLength = 6;

    public IReadOnlyList<string> OutputNames { get; } = [outputName];

    public bool NeedsNms => false;

    /// <summary>The rows carry a class index, not a score per class: the labels decide the count.</summary>
    public int? ClassCount => null;

    public void DecodeDetections(IReadOnlyList<OrtValue> outputs, in DecodeContext context, List<Detection> candidates)
    {
        var all = outputs[0].GetTensorDataAsSpan<float>();
        var perImage = OutputRows.PerImage(outputs[0], all.Length);
        var rows = all.Slice(context.BatchIndex * perImage, perImage);
        for (var i = 0; i + RowLength <= rows.Length; i += RowLength)
        {
            var row = rows.Slice(i, RowLength);
            var score = row[4];
            if (score > 0f && score >= context.ScoreThreshold && row[5] >= 0f)
            {
                candidates.Add(new Detection((int)MathF.Round(row[5]), score, row[0], row[1], row[2], row[3]));
            }
        }
    }
}
