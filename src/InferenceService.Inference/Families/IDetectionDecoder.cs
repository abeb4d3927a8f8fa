using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families;

/// <summary>Turns one detector family's raw outputs into detections in tensor pixels; the pipeline maps them to the image.</summary>
public interface IDetectionDecoder : IOutputDecoder
{
    ModelTask IOutputDecoder.Task => ModelTask.Detection;

    /// <summary>Whether candidates still need class-aware NMS (raw heads) or the graph already did it.</summary>
    bool NeedsNms { get; }

    /// <summary>Adds the candidates of image <see cref="DecodeContext.BatchIndex"/> that reach the score threshold.</summary>
    void DecodeDetections(IReadOnlyList<OrtValue> outputs, in DecodeContext context, List<Detection> candidates);
}
