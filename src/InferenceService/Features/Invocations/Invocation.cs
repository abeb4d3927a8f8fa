using InferenceService.Inference.Pipeline;

namespace InferenceService.Features.Invocations;

/// <summary>
/// One /invocations request past its front door: the model, the thresholds and the answer's form it was bound to,
/// and the pooled body its images lie in.
/// </summary>
/// <param name="JsonLinesAnswer">JSON goes out as JSON Lines (Accept: application/jsonlines), a single image as one line.</param>
public readonly record struct Invocation(
    InferencePipeline Pipeline, PredictionOptions Options, ResponseFormat Format, bool JsonLinesAnswer, Memory<byte> Body, HttpResponse Response, CancellationToken Cancellation);
