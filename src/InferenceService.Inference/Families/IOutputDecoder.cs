using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families;

/// <summary>What a decoder needs besides the outputs: where the image sat and the request's score threshold.</summary>
public readonly record struct DecodeContext(int TensorWidth, int TensorHeight, float ScoreThreshold, int BatchIndex = 0);

/// <summary>
/// Turns one model family's raw outputs into detections in tensor pixels (the pipeline maps them back to
/// the image) or into class scores.
/// </summary>
public interface IOutputDecoder
{
    /// <summary>The graph outputs to fetch, in the order <see cref="DecodeDetections"/> receives them.</summary>
    IReadOnlyList<string> OutputNames { get; }

    /// <summary>Whether candidates still need class-aware NMS (raw heads) or the graph already did it.</summary>
    bool NeedsNms { get; }

    /// <summary>How many classes the outputs score, when the shape says so (checked against the labels).</summary>
    int? ClassCount { get; }

    void DecodeDetections(IReadOnlyList<OrtValue> outputs, in DecodeContext context, List<Detection> candidates);

    /// <summary>
    /// Classifiers: the probability of every class of image <see cref="DecodeContext.BatchIndex"/>, written into
    /// <paramref name="probabilities"/> (length <see cref="ClassCount"/>). Detectors do not classify.
    /// </summary>
    void DecodeProbabilities(IReadOnlyList<OrtValue> outputs, in DecodeContext context, Span<float> probabilities) =>
        throw new NotSupportedException($"{GetType().Name} decodes detections, not class probabilities.");
}
