using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Families.Ultralytics;

/// <summary>
/// Ultralytics detection exports: YOLOv8/YOLO11 <c>[1, 4 + C, N]</c> (anchor-free, one anchor per cell of the
/// stride-8/16/32 grids) and YOLOv5 <c>[1, N, 5 + C]</c> (three anchors per cell). The input size comes from the
/// input shape or, when that is dynamic, from the <c>imgsz</c> metadata; <c>task</c> must be <c>detect</c> when present.
/// </summary>
public sealed class UltralyticsFamily : IModelFamily
{
    public string Name => "ultralytics";

    public FamilyMatch TryRecognise(ModelSignature signature)
    {
        if (signature.Inputs.Count != 1 || signature.Outputs.Count != 1)
        {
            return FamilyMatch.No($"it needs one input and one output, not {signature.Inputs.Count} and {signature.Outputs.Count}");
        }

        var input = signature.Inputs[0];
        var output = signature.Outputs[0];
        var meta = UltralyticsMetadata.From(signature.Metadata);
        if (input.ElementType != TensorElementType.Float || input.Rank != 4 || input.Dim(1) != 3
            || output.ElementType != TensorElementType.Float || output.Rank != 3)
        {
            return FamilyMatch.No($"it needs a float [1, 3, H, W] input and a float rank-3 output, not {input} and {output}");
        }

        if (meta.Task is { } task && task != "detect")
        {
            return FamilyMatch.No($"its metadata task is '{task}', and only 'detect' is served");
        }

        var h = input.Dim(2) > 0 ? (int)input.Dim(2) : meta.ImageHeight ?? 0;
        var w = input.Dim(3) > 0 ? (int)input.Dim(3) : meta.ImageWidth ?? 0;
        if (w <= 0 || h <= 0)
        {
            return FamilyMatch.No($"the input size is dynamic ({input}) and no imgsz metadata gives it");
        }

        var cells = YoloxFamily.AnchorPoints(w, h);
        IDetectionDecoder decoder;
        if (output.Dim(2) == cells && output.Dim(1) > 4)
        {
            decoder = new UltralyticsDecoder(output.Name, UltralyticsLayout.V8, (int)cells, (int)output.Dim(1) - 4);
        }
        else if (output.Dim(1) == 3 * cells && output.Dim(2) > 5)
        {
            decoder = new UltralyticsDecoder(output.Name, UltralyticsLayout.V5, 3 * (int)cells, (int)output.Dim(2) - 5);
        }
        else
        {
            return FamilyMatch.No($"the output {output} is neither [1, 4+C, {cells}] (v8) nor [1, {3 * cells}, 5+C] (v5) for a {w}x{h} input");
        }

        var spec = new PreprocessSpec
        {
            Width = w,
            Height = h,
            Layout = TensorLayout.Nchw,
            ElementType = InputElementType.Float32,
            ColorOrder = ColorOrder.Rgb,
            Resize = ResizeMode.LetterboxCenter,
            PadValue = 114f,
            Scale = 1f / 255f,
        };
        return new ModelPlan(Name, input.Name, spec, decoder) { MetadataLabels = meta.Names };
    }
}
