using InferenceService.Inference.Preprocessing;

namespace InferenceService.Inference.Families;

/// <summary>How to serve one recognised model: its task, the input to feed, preprocessing and the decoder.</summary>
public sealed record ModelPlan(
    string Family,
    ModelTask Task,
    string InputName,
    PreprocessSpec Preprocess,
    IOutputDecoder Decoder);
