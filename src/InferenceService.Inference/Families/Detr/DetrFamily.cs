using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Families.Detr;

/// <summary>
/// DETR-style set predictors (RT-DETR, Deformable DETR, HF <c>transformers</c> exports): a float NCHW image and
/// <c>logits</c> <c>[1, Q, C]</c> (per-class sigmoid, no background column) with <c>boxes</c> / <c>pred_boxes</c>
/// <c>[1, Q, 4]</c> as normalised cx, cy, w, h. Input is a plain stretch, RGB /255. One query per object, so
/// no NMS unless the manifest asks for it.
/// </summary>
public sealed class DetrFamily : IModelFamily
{
    public const int DefaultSize = 640;

    public string Name => "detr";

    public FamilyMatch TryRecognise(ModelSignature signature)
    {
        var logits = signature.Output("logits");
        var boxes = signature.Output("boxes") ?? signature.Output("pred_boxes");
        var image = signature.Inputs.FirstOrDefault(i => i.Rank == 4 && i.Dim(1) == 3 && i.ElementType == TensorElementType.Float);
        if (logits is null || boxes is null)
        {
            return FamilyMatch.No("it needs outputs named logits and boxes (or pred_boxes)");
        }

        if (image is null || signature.Inputs.Count != 1)
        {
            return FamilyMatch.No("it needs exactly one input, a float [N, 3, H, W] image");
        }

        if (logits.Rank != 3 || boxes.Rank != 3 || boxes.Dim(2) != 4 || logits.Dim(2) <= 0)
        {
            return FamilyMatch.No($"it needs logits [1, Q, C] and boxes [1, Q, 4], not {logits} and {boxes}");
        }

        return new ModelPlan(Name, image.Name, PlainResize(image),
            new DetrDecoder(logits.Name, boxes.Name, (int)logits.Dim(2)));
    }

    /// <summary>
    /// The DETR line's preprocessing (DETR, RT-DETR, D-FINE, DEIM): RGB 0–1, the image stretched to the input,
    /// whose size is the graph's or, when dynamic, <see cref="DefaultSize"/>.
    /// </summary>
    internal static PreprocessSpec PlainResize(TensorSignature image) => new()
    {
        Width = image.Dim(3) > 0 ? (int)image.Dim(3) : DefaultSize,
        Height = image.Dim(2) > 0 ? (int)image.Dim(2) : DefaultSize,
        Layout = TensorLayout.Nchw,
        ElementType = InputElementType.Float32,
        ColorOrder = ColorOrder.Rgb,
        Resize = ResizeMode.Stretch,
        Scale = 1f / 255f,
    };
}
