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

    public ModelPlan? TryRecognise(ModelSignature signature)
    {
        if (signature.Inputs.Count != 1 || signature.Outputs.Count != 1)
        {
            return null;
        }

        var input = signature.Inputs[0];
        var output = signature.Outputs[0];
        var meta = UltralyticsMetadata.From(signature.Metadata);
        if (output.ElementType != TensorElementType.Float || output.Rank != 3 || InputSize(input, meta) is not { } size)
        {
            return null;
        }

        var (w, h) = size;

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
            return null;
        }

        return new ModelPlan(Name, input.Name, Letterbox(w, h), decoder) { MetadataLabels = meta.Names };
    }

    /// <summary>
    /// An NCHW float image input's size, from its shape or, when that is dynamic, from <c>imgsz</c>; null when the
    /// input is not one, the size is unknown, or the metadata names another task than detection.
    /// </summary>
    internal static (int Width, int Height)? InputSize(TensorSignature input, UltralyticsMetadata meta)
    {
        if (input.ElementType != TensorElementType.Float || input.Rank != 4 || input.Dim(1) != 3
            || (meta.Task is { } task && task != "detect"))
        {
            return null;
        }

        var h = input.Dim(2) > 0 ? (int)input.Dim(2) : meta.ImageHeight ?? 0;
        var w = input.Dim(3) > 0 ? (int)input.Dim(3) : meta.ImageWidth ?? 0;
        return w > 0 && h > 0 ? (w, h) : null;
    }

    /// <summary>Ultralytics' <c>LetterBox(center=True)</c>: RGB, centred, padded with 114, scaled to 0–1.</summary>
    internal static PreprocessSpec Letterbox(int width, int height) => new()
    {
        Width = width,
        Height = height,
        Layout = TensorLayout.Nchw,
        ElementType = InputElementType.Float32,
        ColorOrder = ColorOrder.Rgb,
        Resize = ResizeMode.LetterboxCenter,
        PadValue = 114f,
        Scale = 1f / 255f,
    };
}
