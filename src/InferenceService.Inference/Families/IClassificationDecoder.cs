using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families;

/// <summary>Turns one classifier family's raw outputs into the probability of every class.</summary>
public interface IClassificationDecoder : IOutputDecoder
{
    ModelTask IOutputDecoder.Task => ModelTask.Classification;

    /// <summary>A classifier always knows its class count: it is the length of its output row.</summary>
    new int ClassCount { get; }

    int? IOutputDecoder.ClassCount => ClassCount;

    /// <summary>
    /// Writes the probability of every class of image <see cref="DecodeContext.BatchIndex"/> into
    /// <paramref name="probabilities"/> (length <see cref="ClassCount"/>). <paramref name="softmax"/> forces (true)
    /// or forbids (false) a softmax over the row; null lets the decoder tell logits from a distribution.
    /// </summary>
    void DecodeProbabilities(IReadOnlyList<OrtValue> outputs, in DecodeContext context, Span<float> probabilities, bool? softmax);
}
