using InferenceService.Imaging;
using InferenceService.Inference.Pipeline;
using InferenceService.Observability;

namespace InferenceService.Reliability;

/// <summary>
/// The work a worker slot is held for. A seam so tests can put a stage of known duration behind the real
/// queue and deadline instead of timing a model.
/// </summary>
public interface IPredictionStage
{
    PredictionResult Run(InferencePipeline pipeline, ImageSource image, PredictionOptions options, CancellationToken cancellationToken);

    /// <summary>A whole batch; stages that only stand in for single predictions leave it to the pipeline.</summary>
    BatchPrediction RunBatch(InferencePipeline pipeline, IReadOnlyList<ReadOnlyMemory<byte>> images, PredictionOptions options, CancellationToken cancellationToken) =>
        pipeline.PredictBatch(images, options, cancellationToken);
}

/// <summary>The real stage: the model's pipeline, cancellable through ONNX Runtime's terminate flag, traced when OTLP is on.</summary>
public sealed class PipelinePredictionStage : IPredictionStage
{
    public PredictionResult Run(InferencePipeline pipeline, ImageSource image, PredictionOptions options, CancellationToken cancellationToken)
    {
        var result = pipeline.Predict(image, options, cancellationToken);
        PredictionTracing.Record(pipeline, result);
        return result;
    }

    public BatchPrediction RunBatch(InferencePipeline pipeline, IReadOnlyList<ReadOnlyMemory<byte>> images, PredictionOptions options, CancellationToken cancellationToken)
    {
        var batch = pipeline.PredictBatch(images, options, cancellationToken);
        PredictionTracing.RecordBatch(pipeline, batch);
        return batch;
    }
}
