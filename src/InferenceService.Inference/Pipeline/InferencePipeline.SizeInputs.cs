using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Pipeline;

/// <summary>The inputs besides the image that a graph takes to answer in the image's pixels, one row per image.</summary>
public sealed partial class InferencePipeline
{
    /// <summary>One <c>[n, 2]</c> tensor per size input, in <see cref="ModelPlan.SizeInputs"/> order; the caller disposes them.</summary>
    private OrtValue[] SizeValues(ReadOnlySpan<PendingImage> images)
    {
        var inputs = Plan.SizeInputs;
        if (inputs.Count == 0)
        {
            return [];
        }

        var values = new OrtValue[inputs.Count];
        var created = 0;
        try
        {
            for (; created < inputs.Count; created++)
            {
                var input = inputs[created];
                values[created] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, input.Tensor.ElementType, [images.Length, 2]);
                for (var i = 0; i < images.Length; i++)
                {
                    var (first, second) = Pair(input.Kind, images[i].Geometry);
                    Write(values[created], input.Tensor.ElementType, 2 * i, first, second);
                }
            }

            return values;
        }
        catch
        {
            for (var i = 0; i < created; i++)
            {
                values[i].Dispose();
            }

            throw;
        }
    }

    /// <summary>Each convention's pair, in its own order: RT-DETR's width first, PaddleDetection's height first.</summary>
    private static (double First, double Second) Pair(SizeInputKind kind, in InputGeometry g) => kind switch
    {
        SizeInputKind.OriginalSize => (g.SourceWidth, g.SourceHeight),
        SizeInputKind.ResizedShape => (g.ResizedHeight, g.ResizedWidth),
        SizeInputKind.ScaleFactor => (g.ScaleY, g.ScaleX),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown size input."),
    };

    private static void Write(OrtValue value, TensorElementType type, int at, double first, double second)
    {
        switch (type)
        {
            case TensorElementType.Int64:
                var longs = value.GetTensorMutableDataAsSpan<long>();
                (longs[at], longs[at + 1]) = ((long)first, (long)second);
                break;
            case TensorElementType.Int32:
                var ints = value.GetTensorMutableDataAsSpan<int>();
                (ints[at], ints[at + 1]) = ((int)first, (int)second);
                break;
            default:
                var floats = value.GetTensorMutableDataAsSpan<float>();
                (floats[at], floats[at + 1]) = ((float)first, (float)second);
                break;
        }
    }
}
