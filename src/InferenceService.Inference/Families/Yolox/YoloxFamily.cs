using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Families.Yolox;

/// <summary>
/// YOLOX exported with <c>decode_in_inference=False</c>: one NCHW float input, one output
/// <c>[1, N, 5 + C]</c> whose N is exactly one anchor point per cell of the stride-8/16/32 grids
/// (YOLOv5's N has three anchors per cell, which is how the two are told apart).
/// </summary>
public sealed class YoloxFamily : IModelFamily
{
    public static readonly int[] Strides = [8, 16, 32];

    public string Name => "yolox";

    public FamilyMatch TryRecognise(ModelSignature signature)
    {
        if (signature.Inputs.Count != 1 || signature.Outputs.Count != 1)
        {
            return FamilyMatch.No($"it needs one input and one output, not {signature.Inputs.Count} and {signature.Outputs.Count}");
        }

        var input = signature.Inputs[0];
        var output = signature.Outputs[0];
        if (input.ElementType != TensorElementType.Float || input.Rank != 4 || input.Dim(1) != 3
            || input.Dim(2) <= 0 || input.Dim(3) <= 0
            || output.ElementType != TensorElementType.Float || output.Rank != 3 || output.Dim(2) < 6)
        {
            return FamilyMatch.No($"it needs a float [1, 3, H, W] input of fixed size and a float [1, N, 5+C] output, not {input} and {output}");
        }

        int h = (int)input.Dim(2), w = (int)input.Dim(3);
        if (output.Dim(1) != AnchorPoints(w, h))
        {
            return FamilyMatch.No($"the output {output} needs N = {AnchorPoints(w, h)}, one row per stride-8/16/32 cell of a {w}x{h} input");
        }

        var spec = new PreprocessSpec
        {
            Width = w,
            Height = h,
            Layout = TensorLayout.Nchw,
            ElementType = InputElementType.Float32,
            ColorOrder = ColorOrder.Bgr,
            Resize = ResizeMode.LetterboxTopLeft,
            PadValue = 114f,
        };
        return new ModelPlan(Name, input.Name, spec,
            new YoloxDecoder(output.Name, w, h, (int)output.Dim(2) - 5));
    }

    public static long AnchorPoints(int width, int height) =>
        Strides.Sum(s => (long)(width / s) * (height / s));
}
