using InferenceService.Inference.Families.Detr;
using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Families.RtDetr;

/// <summary>
/// The deploy exports of RT-DETR / RT-DETRv2 / D-FINE / DEIM (<c>tools/export_onnx.py</c>): <c>images</c> plus
/// <c>orig_target_sizes</c> (width, height) in, <c>labels</c> <c>[N, Q]</c>, <c>boxes</c> <c>[N, Q, 4]</c> xyxy in
/// original pixels and <c>scores</c> <c>[N, Q]</c> out, the top Q (query, class) pairs. Plain resize, RGB 0–1; no NMS.
/// </summary>
public sealed class RtDetrFamily : IModelFamily
{
    public string Name => "rtdetr";

    public FamilyMatch TryRecognise(ModelSignature signature)
    {
        var labels = signature.Output("labels");
        var boxes = signature.Output("boxes");
        var scores = signature.Output("scores");
        if (signature.Inputs.Count != 1 || signature.SizeInputOf(SizeInputKind.OriginalSize) is null
            || labels is not { Rank: 2, ElementType: TensorElementType.Int64 or TensorElementType.Int32 }
            || boxes is not { Rank: 3, ElementType: TensorElementType.Float } || boxes.Dim(2) != 4
            || scores is not { Rank: 2, ElementType: TensorElementType.Float })
        {
            return FamilyMatch.No("it needs an image input, an orig_target_sizes input and integer labels [N, Q], float boxes [N, Q, 4] and scores [N, Q] outputs, "
                + $"not {signature}");
        }

        var image = signature.Inputs[0];
        if (image.ElementType != TensorElementType.Float || image.Rank != 4 || image.Dim(1) != 3)
        {
            return FamilyMatch.No($"its image input must be float [N, 3, H, W], not {image}");
        }

        return new ModelPlan(Name, image.Name, DetrFamily.PlainResize(image),
            new RtDetrDecoder(labels.Name, boxes.Name, scores.Name, labels.ElementType == TensorElementType.Int64));
    }
}
