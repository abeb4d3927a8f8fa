using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families.Yolox;

/// <summary>
/// YOLOX grid decode: for the anchor at cell (gx, gy) of stride s, centre = (t + g)·s, size = exp(t)·s;
/// score = objectness × best class probability (both already sigmoid-ed by the export).
/// </summary>
public sealed class YoloxDecoder(string outputName, int inputWidth, int inputHeight, int classCount) : IDetectionDecoder
{
    public IReadOnlyList<string> OutputNames { get; } = [outputName];

    public bool NeedsNms => true;

    public int? ClassCount { get; } = classCount;

    private int Classes => ClassCount!.Value;

    public void DecodeDetections(IReadOnlyList<OrtValue> outputs, in DecodeContext context, List<Detection> candidates)
    {
        var rowLength = 5 + Classes;
        var anchors = (int)YoloxFamily.AnchorPoints(inputWidth, inputHeight);
        var all = outputs[0].GetTensorDataAsSpan<float>();
        Decode(all.Slice(context.BatchIndex * anchors * rowLength, anchors * rowLength), context.ScoreThreshold, candidates);
    }

    /// <summary>Decodes one image's <c>[N, 5 + C]</c> rows.</summary>
    public void Decode(ReadOnlySpan<float> rows, float threshold, List<Detection> candidates)
    {
        var rowLength = 5 + Classes;
        var k = 0;
        foreach (var stride in YoloxFamily.Strides)
        {
            int gw = inputWidth / stride, gh = inputHeight / stride;
            for (var gy = 0; gy < gh; gy++)
            {
                for (var gx = 0; gx < gw; gx++, k++)
                {
                    var row = rows.Slice(k * rowLength, rowLength);
                    var objectness = row[4];
                    if (objectness < threshold)
                    {
                        continue;
                    }

                    var classScores = row[5..];
                    var best = 0;
                    var bestScore = classScores[0];
                    for (var c = 1; c < classScores.Length; c++)
                    {
                        if (classScores[c] > bestScore)
                        {
                            bestScore = classScores[c];
                            best = c;
                        }
                    }

                    var score = objectness * bestScore;
                    if (score < threshold)
                    {
                        continue;
                    }

                    var cx = (row[0] + gx) * stride;
                    var cy = (row[1] + gy) * stride;
                    var halfW = MathF.Exp(row[2]) * stride / 2f;
                    var halfH = MathF.Exp(row[3]) * stride / 2f;
                    candidates.Add(new Detection(best, score, cx - halfW, cy - halfH, cx + halfW, cy + halfH));
                }
            }
        }
    }
}
