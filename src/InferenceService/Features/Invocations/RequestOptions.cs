using InferenceService.Inference.Pipeline;

namespace InferenceService.Features.Invocations;

/// <summary>
/// What one request overrides, from the query string and <c>X-Amzn-SageMaker-Custom-Attributes</c>. Null means
/// "the model's default". <see cref="Format"/> and <see cref="Annotate"/> are parsed and validated here for the
/// features that use them.
/// </summary>
public sealed record RequestOptions
{
    public static RequestOptions None { get; } = new();

    public float? Confidence { get; init; }

    public float? Iou { get; init; }

    public int? MaxDetections { get; init; }

    public int? TopK { get; init; }

    public IReadOnlySet<string>? Classes { get; init; }

    public ResponseFormat? Format { get; init; }

    public bool? Annotate { get; init; }

    /// <summary>
    /// The recognised options as <c>key=value</c> in their normalised form, for the echo header, which must be
    /// visible ASCII: a class name holding anything else is percent-encoded.
    /// </summary>
    public IReadOnlyList<string> Applied { get; init; } = [];

    public PredictionOptions ApplyTo(PredictionOptions defaults) => defaults with
    {
        Confidence = Confidence ?? defaults.Confidence,
        Iou = Iou ?? defaults.Iou,
        MaxDetections = MaxDetections ?? defaults.MaxDetections,
        TopK = TopK ?? defaults.TopK,
        Classes = Classes ?? defaults.Classes,
    };
}
