namespace InferenceService.Inference.Inspection;

/// <summary>
/// How a model folder will be served, as <c>inspect</c> reports it: what the load found, the family chosen and
/// why every other does not fit, the processing around the model, and what looks like a mistake. Plain values
/// only, so the text and the JSON forms say the same.
/// </summary>
public sealed record ModelReport
{
    public required string ModelDir { get; init; }

    /// <summary>The .onnx file the service reads; null when there is none to read.</summary>
    public string? ModelFile { get; init; }

    public bool Servable => Failure is null;

    /// <summary>Why the service would not serve the folder, and what resolves it; null when it would.</summary>
    public LoadFailure? Failure { get; init; }

    public IReadOnlyList<TensorReport> Inputs { get; init; } = [];

    public IReadOnlyList<TensorReport> Outputs { get; init; } = [];

    /// <summary>The ONNX metadata keys (the values can be whole class lists).</summary>
    public IReadOnlyList<string> MetadataKeys { get; init; } = [];

    /// <summary>The fields <c>inference.json</c> sets; null when the folder has none.</summary>
    public IReadOnlyList<string>? ManifestFields { get; init; }

    public FamilyChoice? Family { get; init; }

    /// <summary>Every known family but the chosen one, with the reason it does not fit.</summary>
    public IReadOnlyList<FamilyRejection> OtherFamilies { get; init; } = [];

    public string? Preprocessing { get; init; }

    public string? Postprocessing { get; init; }

    public LabelReport? Labels { get; init; }

    /// <summary>The thresholds a request gets when it overrides none.</summary>
    public DefaultsReport? Defaults { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyList<ImageReport> Images { get; init; } = [];
}

/// <summary>Shape -1 is a dynamic dimension.</summary>
public sealed record TensorReport(string Name, string Type, IReadOnlyList<long> Shape);

/// <param name="Field">The <c>inference.json</c> field that resolves it, when one does.</param>
public sealed record LoadFailure(string Reason, string? Field, string Fix);

public sealed record FamilyChoice(string Name, string Task, string Why);

public sealed record FamilyRejection(string Name, string WhyNot);

/// <param name="ClassCount">How many classes the outputs score, when their shape says so.</param>
public sealed record LabelReport(string Source, int Count, int? ClassCount);

public sealed record DefaultsReport(float Confidence, float Iou, int MaxDetections, int TopK);

/// <summary>One image run through the loaded pipeline: its answers and the time of each stage, or why it failed.</summary>
public sealed record ImageReport(string Path, string? Error, IReadOnlyList<AnswerReport> Answers, StageReport? Times);

/// <param name="Box">Detections: x1, y1, x2, y2 in image pixels; null for a class.</param>
public sealed record AnswerReport(string Label, int ClassId, float Score, IReadOnlyList<float>? Box);

/// <param name="ReadMs">Reading the file; decoding is part of preprocessing, as in the service.</param>
public sealed record StageReport(double ReadMs, double PreprocessMs, double InferenceMs, double PostprocessMs);
