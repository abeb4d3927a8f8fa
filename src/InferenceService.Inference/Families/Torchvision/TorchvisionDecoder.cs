using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Families.Torchvision;

/// <summary>Reads <c>[N, 4]</c> corner boxes in input pixels, <c>[N]</c> label ids and <c>[N]</c> scores; no batch axis.</summary>
public sealed class TorchvisionDecoder(string boxes, string labels, string scores, TensorElementType labelType) : IDetectionDecoder
{
    public IReadOnlyList<string> OutputNames { get; } = [boxes, labels, scores];

    public bool NeedsNms => false;

    public int? ClassCount => null;

    public void DecodeDetections(IReadOnlyList<OrtValue> outputs, in DecodeContext context, List<Detection> candidates)
    {
        var b = outputs[0].GetTensorDataAsSpan<float>();
        var s = outputs[2].GetTensorDataAsSpan<float>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] < context.ScoreThreshold)
            {
                continue;
            }

            var label = labelType == TensorElementType.Int64
                ? (int)outputs[1].GetTensorDataAsSpan<long>()[i]
                : outputs[1].GetTensorDataAsSpan<int>()[i];
            candidates.Add(new Detection(label, s[i], b[i * 4], b[i * 4 + 1], b[i * 4 + 2], b[i * 4 + 3]));
        }
    }
}
