using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Families.Ultralytics;

/// <summary>
/// Ultralytics end-to-end detectors: <c>model.export(format='onnx', nms=True)</c> and the NMS-free YOLOv10 / YOLO26
/// heads, one output <c>[N, 300, 6]</c> of final rows. Told from other <c>[*, *, 6]</c> outputs by Ultralytics
/// metadata or the output name <c>output0</c>; preprocessing as every Ultralytics export.
/// </summary>
public sealed class UltralyticsEndToEndFamily : IModelFamily
{
    public string Name => "ultralytics-e2e";

    public ModelPlan? TryRecognise(ModelSignature signature)
    {
        if (signature.Inputs.Count != 1 || signature.Outputs.Count != 1)
        {
            return null;
        }

        var output = signature.Outputs[0];
        var meta = UltralyticsMetadata.From(signature.Metadata);
        if (output.ElementType != TensorElementType.Float || output.Rank != 3 || output.Dim(2) != EndToEndDecoder.RowLength
            || !(meta.IsPresent || output.Name == "output0")
            || UltralyticsFamily.InputSize(signature.Inputs[0], meta) is not { } size)
        {
            return null;
        }

        // A one-class YOLOv5 head is [1, 3·cells, 6]: raw candidates, the plain ultralytics family's.
        var cells = YoloxFamily.AnchorPoints(size.Width, size.Height);
        if (output.Dim(1) == cells || output.Dim(1) == 3 * cells)
        {
            return null;
        }

        return new ModelPlan(Name, signature.Inputs[0].Name, UltralyticsFamily.Letterbox(size.Width, size.Height), new EndToEndDecoder(output.Name))
        {
            MetadataLabels = meta.Names,
        };
    }
}
