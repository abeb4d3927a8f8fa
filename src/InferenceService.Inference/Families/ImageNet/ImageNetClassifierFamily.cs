using InferenceService.Imaging.Resampling;
using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Families.ImageNet;

/// <summary>
/// Image classifiers: one 3-channel image input and one <c>[N, C]</c> score output. Geometry is ImageNet's
/// (shorter side 256, centre crop 224, or the input's fixed size with the same 256/224 ratio). Normalisation
/// follows the framework the layout implies: NCHW float = torchvision mean/std, NHWC float = Keras "tf"
/// (x/127.5 − 1), uint8 = raw pixels (the graph normalises). Logits are softmax-ed, probabilities are not.
/// </summary>
public sealed class ImageNetClassifierFamily : IModelFamily
{
    public const int DefaultSize = 224;

    public string Name => "imagenet-classifier";

    public FamilyMatch TryRecognise(ModelSignature signature)
    {
        if (signature.Inputs.Count != 1 || signature.Outputs.Count != 1)
        {
            return FamilyMatch.No($"it needs one input and one output, not {signature.Inputs.Count} and {signature.Outputs.Count}");
        }

        var input = signature.Inputs[0];
        var output = signature.Outputs[0];
        if (input.Rank != 4 || input.ElementType is not (TensorElementType.Float or TensorElementType.UInt8)
            || output.ElementType != TensorElementType.Float || output.Rank != 2 || output.Dim(1) < 2)
        {
            return FamilyMatch.No($"it needs a rank-4 float or uint8 image input and a float [N, C] score output, not {input} and {output}");
        }

        TensorLayout layout;
        if (input.Dim(1) == 3)
        {
            layout = TensorLayout.Nchw;
        }
        else if (input.Dim(3) == 3)
        {
            layout = TensorLayout.Nhwc;
        }
        else
        {
            return FamilyMatch.No($"its image input needs 3 channels at axis 1 (NCHW) or 3 (NHWC), not {input}");
        }

        var (hDim, wDim) = layout == TensorLayout.Nchw ? (input.Dim(2), input.Dim(3)) : (input.Dim(1), input.Dim(2));
        int h = hDim > 0 ? (int)hDim : DefaultSize, w = wDim > 0 ? (int)wDim : DefaultSize;
        var isBytes = input.ElementType == TensorElementType.UInt8;
        var spec = new PreprocessSpec
        {
            Width = w,
            Height = h,
            Layout = layout,
            ElementType = isBytes ? InputElementType.UInt8 : InputElementType.Float32,
            ColorOrder = ColorOrder.Rgb,
            Resize = ResizeMode.ShorterSideCenterCrop,
            // torchvision/Keras trained through PIL's antialiased resize; plain bilinear aliases on 2×+ reductions.
            Filter = ResizeFilter.Antialiased,
            ResizeShorterSide = (int)Math.Round(Math.Min(w, h) * 256.0 / 224.0),
        };
        spec = isBytes ? spec : layout == TensorLayout.Nchw ? NormalizationPresets.Torch(spec) : NormalizationPresets.Tf(spec);
        return new ModelPlan(Name, input.Name, spec,
            new ClassifierDecoder(output.Name, (int)output.Dim(1)));
    }
}
