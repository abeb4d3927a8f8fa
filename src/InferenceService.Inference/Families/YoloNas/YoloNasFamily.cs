using InferenceService.Inference.Families.Ultralytics;
using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Families.YoloNas;

/// <summary>
/// YOLO-NAS (super-gradients) exported without NMS (<c>preprocessing=None, postprocessing=None</c>): decoded boxes
/// <c>[1, A, 4]</c> xyxy in canvas pixels and class probabilities <c>[1, A, C]</c>, one anchor per cell of the
/// stride-8/16/32 grids (which tells it from a DETR's queries). Real files have torch-generated output names, so
/// the outputs are told apart by shape, and by name only when C is 4 too. The image is fitted to the canvas less 4
/// pixels, centred, padded with 114, RGB 0–1; class-aware NMS follows.
/// </summary>
public sealed class YoloNasFamily : IModelFamily
{
    /// <summary>super-gradients' <c>DetectionLongestMaxSizeRescale</c> to 636 inside a 640 <c>DetectionCenterPadding</c>.</summary>
    public const int Inset = 4;

    public string Name => "yolo-nas";

    public FamilyMatch TryRecognise(ModelSignature signature)
    {
        if (signature.Inputs.Count != 1 || signature.Outputs.Count != 2)
        {
            return FamilyMatch.No($"it needs one input and two outputs (boxes and scores), not {signature.Inputs.Count} and {signature.Outputs.Count}");
        }

        var input = signature.Inputs[0];
        if (input.ElementType != TensorElementType.Float || input.Rank != 4 || input.Dim(1) != 3
            || input.Dim(2) <= 0 || input.Dim(3) <= 0
            || signature.Outputs.Any(o => o.ElementType != TensorElementType.Float || o.Rank != 3))
        {
            return FamilyMatch.No($"it needs a float [1, 3, H, W] input of fixed size and two float rank-3 outputs, not {signature}");
        }

        int h = (int)input.Dim(2), w = (int)input.Dim(3);
        var (boxes, scores) = BoxesAndScores(signature.Outputs[0], signature.Outputs[1]);
        if (boxes.Dim(2) != 4 || scores.Dim(2) <= 0
            || boxes.Dim(1) != YoloxFamily.AnchorPoints(w, h) || scores.Dim(1) != boxes.Dim(1))
        {
            return FamilyMatch.No($"its outputs are not [1, {YoloxFamily.AnchorPoints(w, h)}, 4] boxes and [1, {YoloxFamily.AnchorPoints(w, h)}, C] scores for a {w}x{h} input");
        }

        // super-gradients letterboxes like Ultralytics (centred, 114, RGB 0–1), but into the input less the inset.
        var spec = UltralyticsFamily.Letterbox(w, h) with { LetterboxInset = Inset };
        return new ModelPlan(Name, input.Name, spec, new YoloNasDecoder(boxes.Name, scores.Name, (int)boxes.Dim(1), (int)scores.Dim(2)));
    }

    /// <summary>The output with 4 values per anchor holds the boxes; with 4 classes too, the one named like boxes, else the first.</summary>
    private static (TensorSignature Boxes, TensorSignature Scores) BoxesAndScores(TensorSignature first, TensorSignature second)
    {
        var secondIsBoxes = second.Dim(2) == 4
            && (first.Dim(2) != 4 || second.Name.Contains("box", StringComparison.OrdinalIgnoreCase));
        return secondIsBoxes ? (second, first) : (first, second);
    }
}
