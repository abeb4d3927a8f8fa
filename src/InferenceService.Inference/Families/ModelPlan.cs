using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;

namespace InferenceService.Inference.Families;

/// <summary>How to serve one recognised model: the input to feed, preprocessing and the decoder, whose kind is the task.</summary>
public sealed record ModelPlan(
    string Family,
    string InputName,
    PreprocessSpec Preprocess,
    IOutputDecoder Decoder)
{
    public ModelTask Task => Decoder.Task;

    /// <summary>Labels files this family's exports ship with, tried before the generic names (torchvision's COCO-91 ids).</summary>
    public IReadOnlyList<string> PreferredLabelFiles { get; init; } = [];

    /// <summary>Class names the model carries in its ONNX metadata (Ultralytics <c>names</c>), used when no labels file exists.</summary>
    public IReadOnlyDictionary<int, string>? MetadataLabels { get; init; }

    /// <summary>Detectors: overrides the decoder's own <see cref="IDetectionDecoder.NeedsNms"/> (manifest <c>nms</c>).</summary>
    public bool? Nms { get; init; }

    /// <summary>Classifiers: forces or forbids the softmax the decoder would otherwise decide per row (manifest <c>softmax</c>).</summary>
    public bool? Softmax { get; init; }

    /// <summary>Inputs besides the image that each Run fills with the image's size (RT-DETR <c>orig_target_sizes</c>).</summary>
    public IReadOnlyList<SizeInput> SizeInputs { get; init; } = [];

    public bool AppliesNms => Nms ?? (Decoder is IDetectionDecoder { NeedsNms: true });
}
