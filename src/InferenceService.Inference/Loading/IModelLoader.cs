using InferenceService.Inference.Pipeline;

namespace InferenceService.Inference.Loading;

/// <summary>
/// Turns the configured model folder into a ready pipeline. An interface so the host's background load can be
/// given another source (tests hold it to observe the loading state).
/// </summary>
public interface IModelLoader
{
    /// <summary>
    /// The pipeline, or a <see cref="ModelLoadException"/> that says why not. <paramref name="stage"/> hears each step
    /// ("reading model.onnx") as it starts, so a load that hangs can say where.
    /// </summary>
    InferencePipeline Load(InferenceOptions options, Action<string>? stage = null);
}
