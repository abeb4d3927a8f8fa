using InferenceService.Inference.Preprocessing;

namespace InferenceService.Inference.Families;

/// <summary>How to serve one recognised model: its task, the input to feed, preprocessing and the decoder.</summary>
public sealed record ModelPlan(
    string Family,
    ModelTask Task,
    string InputName,
    PreprocessSpec Preprocess,
    IOutputDecoder Decoder)
{
    /// <summary>Labels files this family's exports ship with, tried before the generic names (torchvision's COCO-91 ids).</summary>
    public IReadOnlyList<string> PreferredLabelFiles { get; init; } = [];

    /// <summary>Class names the model carries in its ONNX metadata (Ultralytics <c>names</c>), used when no labels file exists.</summary>
    public IReadOnlyDictionary<int, string>? MetadataLabels { get; init; }

    /// <summary>Overrides the decoder's own <see cref="IOutputDecoder.NeedsNms"/> (manifest <c>nms</c>).</summary>
    public bool? Nms { get; init; }

    public bool AppliesNms => Nms ?? Decoder.NeedsNms;
}
