namespace InferenceService.Inference.Families;

/// <summary>What a decoder needs besides the outputs: where the image sat and the request's score threshold.</summary>
public readonly record struct DecodeContext(int TensorWidth, int TensorHeight, float ScoreThreshold, int BatchIndex = 0);

/// <summary>
/// What every decoder tells the loader and the pipeline, whatever its task: the outputs to fetch and how many
/// classes they score. A model family's decoder is an <see cref="IDetectionDecoder"/> or an <see cref="IClassificationDecoder"/>.
/// </summary>
public interface IOutputDecoder
{
    ModelTask Task { get; }

    /// <summary>The graph outputs to fetch, in the order the decode methods receive them.</summary>
    IReadOnlyList<string> OutputNames { get; }

    /// <summary>How many classes the outputs score, when the shape says so (checked against the labels).</summary>
    int? ClassCount { get; }
}
