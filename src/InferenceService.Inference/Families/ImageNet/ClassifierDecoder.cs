using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families.ImageNet;

/// <summary>
/// Reads one row of class scores. Whether it is already a distribution is decided per row (non-negative and
/// summing to 1) unless the plan forces it, so a graph ending in Softmax is not flattened by a second one.
/// </summary>
public sealed class ClassifierDecoder(string outputName, int classCount) : IClassificationDecoder
{
    public IReadOnlyList<string> OutputNames { get; } = [outputName];

    public int ClassCount => classCount;

    public void DecodeProbabilities(IReadOnlyList<OrtValue> outputs, in DecodeContext context, Span<float> probabilities, bool? softmax)
    {
        var row = outputs[0].GetTensorDataAsSpan<float>().Slice(context.BatchIndex * classCount, classCount);
        row.CopyTo(probabilities);
        if (softmax ?? !IsDistribution(row))
        {
            Softmax(probabilities);
        }
    }

    public static bool IsDistribution(ReadOnlySpan<float> row)
    {
        var sum = 0.0;
        foreach (var v in row)
        {
            if (v < 0f || v > 1f)
            {
                return false;
            }

            sum += v;
        }

        return Math.Abs(sum - 1.0) < 1e-3;
    }

    public static void Softmax(Span<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(values[i] / sum);
        }
    }
}
