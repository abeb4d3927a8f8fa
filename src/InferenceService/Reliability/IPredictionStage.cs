using InferenceService.Imaging;
using InferenceService.Inference.Pipeline;

namespace InferenceService.Reliability;

/// <summary>
/// The work a worker slot is held for. A seam so tests can put a stage of known duration behind the real
/// queue and deadline instead of timing a model.
/// </summary>
public interface IPredictionStage
{
    PredictionResult Run(InferencePipeline pipeline, ImageSource image, PredictionOptions options, CancellationToken cancellationToken);
}

/// <summary>The real stage: the model's pipeline, cancellable through ONNX Runtime's terminate flag.</summary>
public sealed class PipelinePredictionStage : IPredictionStage
{
    public PredictionResult Run(InferencePipeline pipeline, ImageSource image, PredictionOptions options, CancellationToken cancellationToken) =>
        pipeline.Predict(image, options, cancellationToken);
}
