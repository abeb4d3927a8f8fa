using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families;

/// <summary>Turns one detector family's raw outputs into detections in tensor pixels; the pipeline maps them to the image.</summary>
public interface IDetectionDecoder : IOutputDecoder
{
    ModelTask IOutputDecoder.Task => ModelTask.Detection;

    /// <summary>Whether candidates still need class-aware NMS (raw heads) or the graph already did it.</summary>
    bool NeedsNms { get; }

    /// <summary>
    /// Whether the boxes are already in pixels of the upright image (graphs fed its size, such as RT-DETR's
    /// <c>orig_target_sizes</c>), so the pipeline only clips them; otherwise they are in tensor pixels.
    /// </summary>
    bool BoxesInImagePixels => false;

    /// <summary>Adds the candidates of image <see cref="DecodeContext.BatchIndex"/> that reach the score threshold.</summary>
    void DecodeDetections(IReadOnlyList<OrtValue> outputs, in DecodeContext context, List<Detection> candidates);
}
