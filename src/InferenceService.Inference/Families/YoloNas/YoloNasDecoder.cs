using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families.YoloNas;

/// <summary>Per anchor: the best class probability and its xyxy box in canvas pixels; NMS follows.</summary>
public sealed class YoloNasDecoder(string boxes, string scores, int anchors, int classCount) : IDetectionDecoder
{
    public IReadOnlyList<string> OutputNames { get; } = [boxes, scores];

    public bool NeedsNms => true;

    public int? ClassCount { get; } = classCount;

    public void DecodeDetections(IReadOnlyList<OrtValue> outputs, in DecodeContext context, List<Detection> candidates)
    {
        var b = outputs[0].GetTensorDataAsSpan<float>().Slice(context.BatchIndex * anchors * 4, anchors * 4);
        var s = outputs[1].GetTensorDataAsSpan<float>().Slice(context.BatchIndex * anchors * classCount, anchors * classCount);
        for (var a = 0; a < anchors; a++)
        {
            var row = s.Slice(a * classCount, classCount);
            var best = 0;
            for (var c = 1; c < classCount; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            if (row[best] > 0f && row[best] >= context.ScoreThreshold)
            {
                candidates.Add(new Detection(best, row[best], b[a * 4], b[a * 4 + 1], b[a * 4 + 2], b[a * 4 + 3]));
            }
        }
    }
}
