using System.Text.Json.Serialization;

namespace InferenceService.Inference.Manifest;

/// <summary>
/// The optional <c>inference.json</c> next to the model (rules: <c>inference.schema.json</c>). Every field
/// overrides what recognition chose; absent fields leave it alone.
/// </summary>
public sealed record ModelManifest
{
    public const string FileName = "inference.json";

    public string? Task { get; init; }

    public string? Family { get; init; }

    public string? Input { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public string? Layout { get; init; }

    public string? Dtype { get; init; }

    public string? ColorOrder { get; init; }

    public string? Resize { get; init; }

    public string? ResizeFilter { get; init; }

    public int? ResizeShorterSide { get; init; }

    public float? PadValue { get; init; }

    public string? Normalize { get; init; }

    public float? Scale { get; init; }

    public float[]? Mean { get; init; }

    public float[]? Std { get; init; }

    public string? Labels { get; init; }

    public int? LabelIdOffset { get; init; }

    public bool? Softmax { get; init; }

    public bool? Nms { get; init; }

    public float? Confidence { get; init; }

    public float? Iou { get; init; }

    public int? MaxDetections { get; init; }

    public int? TopK { get; init; }

    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
