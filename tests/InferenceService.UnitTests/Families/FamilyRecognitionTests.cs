using InferenceService.Inference.Families;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.UnitTests.Families;

/// <summary>Signatures at the borders between families, recognised without a model file.</summary>
public sealed class FamilyRecognitionTests
{
    private static readonly TensorSignature Image = new("images", TensorElementType.Float, [1, 3, 640, 640]);

    private static readonly Dictionary<string, string> UltralyticsMetadata = new()
    {
        ["task"] = "detect",
        ["imgsz"] = "[640, 640]",
        ["names"] = "{0: 'person'}",
    };

    [Theory]
    [InlineData(300, "ultralytics-e2e")]
    [InlineData(25200, "ultralytics")] // a one-class YOLOv5 head: 3 anchors x (80² + 40² + 20²) rows of 5 + 1
    public void Rows_of_six_are_end_to_end_unless_they_are_one_per_anchor(long rows, string family)
    {
        var signature = new ModelSignature([Image], [new TensorSignature("output0", TensorElementType.Float, [1, rows, 6])], UltralyticsMetadata);

        Assert.Equal(family, KnownFamiliesRecognise(signature));
    }

    [Theory]
    [InlineData("1034", "1047", 8400, "yolo-nas")] // super-gradients leaves torch's generated names: told apart by shape
    [InlineData("pred_boxes", "logits", 300, "detr")] // a DETR's queries are not one per grid cell
    public void Boxes_and_class_scores_per_row_are_yolo_nas_only_with_one_row_per_anchor(string boxes, string scores, long rows, string family)
    {
        var signature = new ModelSignature(
            [Image],
            [new TensorSignature(boxes, TensorElementType.Float, [1, rows, 4]), new TensorSignature(scores, TensorElementType.Float, [1, rows, 80])],
            new Dictionary<string, string>());

        Assert.Equal(family, KnownFamiliesRecognise(signature));
    }

    private static string KnownFamiliesRecognise(ModelSignature signature) =>
        KnownFamilies.Recogniser().Recognise(signature).Family;
}
