using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Families.Torchvision;

/// <summary>
/// <c>torchvision.models.detection</c> exports (Faster R-CNN, RetinaNet, SSD, FCOS): one rank-3 float
/// <c>[3, H, W]</c> RGB image in [0, 1] of any size (the graph resizes and normalises) and <c>boxes</c> /
/// <c>labels</c> / <c>scores</c> outputs with NMS done inside. Labels are COCO category ids (91-entry scheme),
/// so <c>labels-coco91.txt</c> is preferred over an 80-name list.
/// </summary>
public sealed class TorchvisionFamily : IModelFamily
{
    public const string Coco91LabelsFile = "labels-coco91.txt";

    public string Name => "torchvision";

    public FamilyMatch TryRecognise(ModelSignature signature)
    {
        var boxes = signature.Output("boxes");
        var labels = signature.Output("labels");
        var scores = signature.Output("scores");
        if (signature.Inputs.Count != 1 || boxes is null || labels is null || scores is null)
        {
            return FamilyMatch.No("it needs one input and outputs named boxes, labels and scores");
        }

        var input = signature.Inputs[0];
        if (input.ElementType != TensorElementType.Float || input.Rank != 3 || input.Dim(0) != 3
            || boxes.Rank != 2 || scores.Rank != 1)
        {
            return FamilyMatch.No($"it needs a float [3, H, W] input, boxes [N, 4] and scores [N], not {input}, {boxes} and {scores}");
        }

        var spec = new PreprocessSpec
        {
            Width = 0,
            Height = 0,
            Layout = TensorLayout.Nchw,
            HasBatchDimension = false,
            ElementType = InputElementType.Float32,
            ColorOrder = ColorOrder.Rgb,
            Resize = ResizeMode.Original,
            Scale = 1f / 255f,
        };
        return new ModelPlan(Name, input.Name, spec,
            new TorchvisionDecoder(boxes.Name, labels.Name, scores.Name, labels.ElementType))
        {
            PreferredLabelFiles = [Coco91LabelsFile],
        };
    }
}
