using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Families.TfObjectDetection;

/// <summary>
/// TensorFlow Object Detection API exports (SSD, Faster R-CNN, the ONNX Model Zoo's): a uint8 NHWC
/// <c>image_tensor</c> and <c>detection_boxes</c> / <c>detection_classes</c> / <c>detection_scores</c>
/// (/ <c>num_detections</c>) outputs, names with or without TensorFlow's <c>:0</c> suffix.
/// </summary>
public sealed class TfObjectDetectionFamily : IModelFamily
{
    public string Name => "tf-object-detection";

    public FamilyMatch TryRecognise(ModelSignature signature)
    {
        var boxes = signature.Output("detection_boxes");
        var scores = signature.Output("detection_scores");
        var classes = signature.Output("detection_classes");
        if (signature.Inputs.Count != 1 || boxes is null || scores is null || classes is null)
        {
            return FamilyMatch.No("it needs one input and outputs named detection_boxes, detection_classes and detection_scores");
        }

        var input = signature.Inputs[0];
        if (input.Rank != 4 || input.Dim(3) != 3
            || input.ElementType is not (TensorElementType.UInt8 or TensorElementType.Float))
        {
            return FamilyMatch.No($"it needs a uint8 or float [N, H, W, 3] image input, not {input}");
        }

        var fixedSize = input.Dim(1) > 0 && input.Dim(2) > 0;
        var spec = new PreprocessSpec
        {
            Width = fixedSize ? (int)input.Dim(2) : 0,
            Height = fixedSize ? (int)input.Dim(1) : 0,
            Layout = TensorLayout.Nhwc,
            ElementType = input.ElementType == TensorElementType.UInt8 ? InputElementType.UInt8 : InputElementType.Float32,
            ColorOrder = ColorOrder.Rgb,
            // A fixed-size export expects TF OD API's fixed_shape_resizer (stretch); otherwise the graph resizes.
            Resize = fixedSize ? ResizeMode.Stretch : ResizeMode.Original,
        };
        var count = signature.Output("num_detections");
        return new ModelPlan(Name, input.Name, spec,
            new TfObjectDetectionDecoder(boxes.Name, classes.Name, scores.Name, count?.Name));
    }
}
