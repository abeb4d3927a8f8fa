using InferenceService.Imaging;
using InferenceService.Imaging.Rendering;
using InferenceService.Features.AnnotatedImages;
using InferenceService.Inference;
using InferenceService.Inference.Pipeline;
using InferenceService.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.Invocations;

/// <summary>Writes one prediction in the negotiated <see cref="ResponseFormat"/>.</summary>
public sealed class InvocationResponder(AnnotationRenderer renderer, IOptions<InferenceOptions> inference)
{
    private readonly ImageLimits _limits = new() { MaxPixels = inference.Value.MaxImagePixels };

    public Results<Ok<PredictionResponse>, Ok<SageMakerDetectionResponse>, FileContentHttpResult, ProblemHttpResult> Single(
        ResponseFormat format, InferencePipeline pipeline, ReadOnlyMemory<byte> image, PredictionResult result)
    {
        switch (format)
        {
            case ResponseFormat.Jpeg or ResponseFormat.Png:
                var encoded = AnnotatedImage.Render(renderer, image, _limits, result, pipeline.Labels,
                    format == ResponseFormat.Png ? AnnotatedImageFormat.Png : AnnotatedImageFormat.Jpeg);
                return TypedResults.File(encoded, format == ResponseFormat.Png ? "image/png" : "image/jpeg");
            case ResponseFormat.SageMaker:
                return SageMakerDetectionResponse.From(result) is { } sageMaker
                    ? TypedResults.Ok(sageMaker)
                    : SageMakerUnavailable();
            default:
                return TypedResults.Ok(PredictionResponse.From(pipeline.ModelName, result, pipeline.Labels));
        }
    }

    /// <summary>One entry of a batch answer: the JSON object for the result (images are one per request).</summary>
    public static object BatchItem(ResponseFormat format, InferencePipeline pipeline, PredictionResult result) =>
        format == ResponseFormat.SageMaker
            ? SageMakerDetectionResponse.From(result) ?? (object)SageMakerUnavailable().ProblemDetails
            : PredictionResponse.From(pipeline.ModelName, result, pipeline.Labels);

    private static ProblemHttpResult SageMakerUnavailable() =>
        ProblemTypes.NotAcceptable("format=sagemaker is available for detection models; this model's task has no SageMaker form here.");
}

public static class InvocationResponderSetup
{
    public static IServiceCollection AddInvocationResponses(this IServiceCollection services) =>
        services.AddSingleton<InvocationResponder>();
}
